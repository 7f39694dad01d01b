package com.gahorouter.console.auth;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.SignedIn;

class RateLimitIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Test
	void tenFailedLoginsLockTheAccountWithRetryAfter() {
		String email = uniqueEmail("bruteforced");
		console.registerTenant(email, "CN");
		for (int i = 0; i < 10; i++) {
			console.attemptLogin(email, "wrong password number " + i).expectStatus().isUnauthorized();
		}

		console.attemptLogin(email, PASSWORD)
			.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After",
					value -> org.assertj.core.api.Assertions.assertThat(Long.parseLong(value)).isBetween(1L, 15L * 60))
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMITED");
		// Other accounts are not affected.
		SignedIn other = console.registerTenant("CN");
		console.attemptLogin(other.email(), PASSWORD).expectStatus().isOk();
	}

	@Test
	void passwordResetRequestsAreLimitedPerEmail() {
		String email = uniqueEmail("spammed");
		for (int i = 0; i < 5; i++) {
			reset(email).expectStatus().isAccepted();
		}
		reset(email.toUpperCase()).expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMITED");
	}

	private WebTestClient.ResponseSpec reset(String email) {
		return web.post()
			.uri("/api/auth/password-reset")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email))
			.exchange();
	}

}
