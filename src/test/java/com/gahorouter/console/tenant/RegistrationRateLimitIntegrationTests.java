package com.gahorouter.console.tenant;

import static com.gahorouter.console.system.ConsoleClient.registration;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;

/**
 * Runs in a context of its own: the per-IP registration limit is lowered so that the test
 * can reach it.
 */
@TestPropertySource(properties = "gahorouter.rate-limit.registrations-per-ip=3")
class RegistrationRateLimitIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Test
	void registrationsPerClientIpAreLimited() {
		console.registerTenant("CN");
		console.registerTenant("CN");
		Map<String, Object> invalid = registration(uniqueEmail("third"), "CN");
		invalid.put("agreementAccepted", false);
		console.register(invalid).expectStatus().isBadRequest();

		console.register(registration(uniqueEmail("fourth"), "CN"))
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMITED");
	}

}
