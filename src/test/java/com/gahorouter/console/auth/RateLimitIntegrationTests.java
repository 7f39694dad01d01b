package com.gahorouter.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import io.micrometer.core.instrument.MeterRegistry;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.Parallel;
import com.gahorouter.console.system.SignedIn;

class RateLimitIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private RateLimitProperties limits;

	@Test
	void fiftyParallelWrongPasswordsGetAtMostTheConfiguredVerifications() {
		String email = uniqueEmail("raced");
		console.registerTenant(email, "CN");
		double before = verifications();

		List<EntityExchangeResult<String>> answers = Parallel.run(50,
				i -> console.attemptLogin(email, "parallel wrong password " + i)
					.expectBody(String.class)
					.returnResult());

		assertThat(verifications() - before).isLessThanOrEqualTo(limits.loginFailuresPerAccount());
		assertThat(answers).allSatisfy(answer -> assertThat(answer.getStatus().value()).isIn(401, 429));
		List<EntityExchangeResult<String>> limited = answers.stream()
			.filter(answer -> answer.getStatus().value() == 429)
			.toList();
		assertThat(limited).hasSizeGreaterThanOrEqualTo(50 - limits.loginFailuresPerAccount());
		assertThat(limited).allSatisfy(answer -> {
			assertThat(answer.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
			assertThat(answer.getResponseBody()).contains("\"RATE_LIMITED\"");
		});
	}

	@Test
	void aSuccessfulLoginGivesItsAttemptBack() {
		String email = uniqueEmail("steady");
		console.registerTenant(email, "CN");
		for (int i = 0; i < 15; i++) {
			console.attemptLogin(email, PASSWORD).expectStatus().isOk();
		}
	}

	private double verifications() {
		var counter = meters.find("gahorouter.password.verifications").counter();
		return counter == null ? 0 : counter.count();
	}

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
