package com.gahorouter.console.gateway;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.StartupFailure;

/**
 * The server refuses to start with a weak shared secret (gateway token, webhook secret:
 * shorter than 32 characters or a known placeholder) or a bootstrap operator password
 * that fails the password policy; the error names the setting. One server start per
 * setting; {@code auth.SecretSettingTests} covers the values refused.
 */
class StartupSecretsIntegrationTests extends IntegrationTest {

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({ "gahorouter.gateway.token, REPLACE_ME",
			"gahorouter.billing.webhook-secret, 31-characters-long-secret-value",
			"gahorouter.bootstrap.admin-password, password123456" })
	void aWeakSecretRefusesStartUpNamingTheSetting(String setting, String value) {
		StartupFailure.assertRefusesToStart(Map.of(setting, value), setting);
	}

}
