package com.gahorouter.console.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretSettingTests {

	@ParameterizedTest
	@ValueSource(strings = { "REPLACE_ME", "replace-me", "changeme", "CHANGE_ME", "<secret>", "YOUR_TOKEN",
			"REPLACE_ME_REPLACE_ME_REPLACE_ME_REPLACE_ME", "changeme-changeme-changeme-changeme",
			"please-replace-me-with-a-real-secret-value", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
			"short-but-not-a-placeholder", "31-characters-long-secret-value" })
	void placeholdersAndShortSecretsAreRefusedNamingTheSetting(String value) {
		assertThatThrownBy(() -> SecretSetting.requireStrong("gahorouter.gateway.token", value))
			.hasMessageContaining("gahorouter.gateway.token")
			.hasMessageNotContaining(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Q2xbq0p1Vt1u8S0uZ3nJ0m4o3fQ2V9cXr7yWd6pLk5s", "32-characters-long-secret-value!" })
	void longRandomSecretsAreAccepted(String value) {
		assertThatCode(() -> SecretSetting.requireStrong("gahorouter.gateway.token", value)).doesNotThrowAnyException();
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "  " })
	void anUnsetSecretIsLeftToTheCaller(String value) {
		assertThatCode(() -> SecretSetting.requireStrong("gahorouter.gateway.token", value)).doesNotThrowAnyException();
	}

}
