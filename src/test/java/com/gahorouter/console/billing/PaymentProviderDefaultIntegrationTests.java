package com.gahorouter.console.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.StartupFailure;
import com.gahorouter.console.system.TurnstileStub;

/**
 * The sandbox provider (pays every top-up at once) is the default only with the embedded
 * database: a server on an external database (an explicit {@code spring.r2dbc.url}, here
 * the embedded test database's own URL) must be told its provider.
 */
@ExtendWith(OutputCaptureExtension.class)
class PaymentProviderDefaultIntegrationTests extends IntegrationTest {

	@Autowired
	private Environment environment;

	@Test
	void anExternalDatabaseWithoutAnExplicitProviderRefusesToStartNamingTheSetting() {
		StartupFailure.assertRefusesToStart(externalDatabase(), "gahorouter.billing.provider");
	}

	@Test
	void anExternalDatabaseWithAnExplicitSandboxStartsAndWarns(CapturedOutput output) {
		Map<String, String> settings = new java.util.HashMap<>(externalDatabase());
		settings.put("gahorouter.billing.provider", "sandbox");
		try (ConfigurableApplicationContext replica = StartupFailure.start(settings)) {
			assertThat(replica.getBean(PaymentProviders.class).configured().name()).isEqualTo("sandbox");
		}
		assertThat(output.getAll()).contains("gahorouter.billing.provider=sandbox");
	}

	@Test
	void theEmbeddedDatabaseDefaultsToTheSandbox(@Autowired PaymentProviders providers) {
		assertThat(providers.configured().name()).isEqualTo("sandbox");
	}

	private Map<String, String> externalDatabase() {
		return Map.of("spring.r2dbc.url", environment.getRequiredProperty("spring.r2dbc.url"), "spring.r2dbc.username",
				environment.getRequiredProperty("spring.r2dbc.username"), "spring.r2dbc.password",
				environment.getProperty("spring.r2dbc.password", ""), "gahorouter.turnstile.verify-url",
				TURNSTILE.url(), "gahorouter.turnstile.secret-key", TurnstileStub.SECRET, "spring.mail.host",
				"127.0.0.1", "spring.mail.port", String.valueOf(MAIL.getSmtp().getPort()));
	}

}
