package com.gahorouter.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.Parallel;
import com.gahorouter.console.system.ResetCodes;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class PasswordResetIntegrationTests extends IntegrationTest {

	private static final String NEW_PASSWORD = "a brand new passphrase for spring";

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Autowired
	private AuthProperties authProperties;

	@Test
	void parallelWrongCodesSpendAtMostFiveAttemptsAndKillTheCode() {
		String email = uniqueEmail("racer");
		console.registerTenant(email, "CN");
		requestReset(email).expectStatus().isAccepted();
		String code = awaitCode(email);
		String wrong = code.equals("000000") ? "111111" : "000000";

		List<Integer> statuses = Parallel.run(30,
				i -> confirm(email, wrong, NEW_PASSWORD).returnResult(String.class).getStatus().value());

		assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(400, 429));
		assertThat(database.count("select coalesce(max(c.attempts), 0) from password_reset_codes c "
				+ "join users u on u.id = c.user_id where u.email = :email", Map.of("email", email)))
			.isLessThanOrEqualTo(5);
		confirm(email, code, NEW_PASSWORD).expectStatus().is4xxClientError();
		console.login(email, PASSWORD);
	}

	@Test
	void issuingACodeVoidsTheOlderOnesAndSuccessVoidsAll() {
		String email = uniqueEmail("twice");
		console.registerTenant(email, "CN");
		requestReset(email).expectStatus().isAccepted();
		requestReset(email).expectStatus().isAccepted();
		List<String> codes = await().atMost(Duration.ofSeconds(10))
			.until(() -> ResetCodes.allMailedTo(MAIL, email), c -> c.size() == 2);

		confirm(email, codes.get(0), NEW_PASSWORD).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("code");
		confirm(email, codes.get(1), NEW_PASSWORD).expectStatus().isNoContent();
		assertThat(database.count("select count(*) from password_reset_codes c join users u on u.id = c.user_id "
				+ "where u.email = :email and c.used_at is null", Map.of("email", email)))
			.isZero();
	}

	@Test
	void confirmationsAreLimitedPerEmail() {
		String email = uniqueEmail("hammered");
		for (int i = 0; i < 10; i++) {
			confirm(email, "123456", NEW_PASSWORD).expectStatus().isBadRequest();
		}
		confirm(email.toUpperCase(), "123456", NEW_PASSWORD).expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMITED");
	}

	@Test
	void theCodeIsCheckedBeforeThePasswordPolicyRuns() {
		String email = uniqueEmail("nocode");
		confirm(email, "123456", "password1234").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo("code");
	}

	@Test
	void aResetRequestTakesTheSameMinimumTimeWhetherOrNotTheAccountExists() {
		String email = uniqueEmail("timed");
		console.registerTenant(email, "CN");
		Duration floor = authProperties.passwordResetAnswerTime();
		assertThat(floor).isGreaterThanOrEqualTo(Duration.ofMillis(100));

		for (String who : new String[] { email, uniqueEmail("nobody") }) {
			long start = System.nanoTime();
			requestReset(who).expectStatus().isAccepted();
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as(who).isGreaterThanOrEqualTo(floor);
		}
	}

	@Test
	void resetByMailedCodeChangesThePasswordAndEndsEverySession() throws Exception {
		String email = uniqueEmail("forgetful");
		SignedIn first = console.registerTenant(email, "CN");
		SignedIn second = console.login(email, PASSWORD);

		requestReset(email).expectStatus().isAccepted();
		String code = awaitCode(email);

		confirm(email, code, NEW_PASSWORD).expectStatus().isNoContent();

		for (SignedIn old : new SignedIn[] { first, second }) {
			web.get()
				.uri("/api/me")
				.headers(h -> h.setBearerAuth(old.token()))
				.exchange()
				.expectStatus()
				.isUnauthorized();
		}
		web.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(console.login(email, NEW_PASSWORD).userId()).isEqualTo(first.userId());
		// The code is single-use.
		confirm(email, code, "yet another fine passphrase").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("code");
	}

	@Test
	void unknownEmailGetsTheSameAcceptedAnswerAndNoMail() {
		String email = uniqueEmail("ghost");
		requestReset(email).expectStatus().isAccepted().expectBody().isEmpty();
		assertThat(database.count("select count(*) from password_reset_codes c join users u on u.id = c.user_id "
				+ "where u.email = :email", Map.of("email", email)))
			.isZero();
	}

	@Test
	void wrongCodeIsValidationFailedAndFiveWrongTriesKillTheCode() throws Exception {
		String email = uniqueEmail("guesser");
		console.registerTenant(email, "CN");
		requestReset(email).expectStatus().isAccepted();
		String code = awaitCode(email);
		String wrong = code.equals("000000") ? "111111" : "000000";

		for (int i = 0; i < 5; i++) {
			confirm(email, wrong, NEW_PASSWORD).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("VALIDATION_FAILED")
				.jsonPath("$.errors[0].field")
				.isEqualTo("code");
		}
		confirm(email, code, NEW_PASSWORD).expectStatus().isBadRequest();
		console.login(email, PASSWORD);
	}

	@Test
	void weakNewPasswordIsRefusedBeforeTheCodeIsSpent() throws Exception {
		String email = uniqueEmail("weakling");
		console.registerTenant(email, "CN");
		requestReset(email).expectStatus().isAccepted();
		String code = awaitCode(email);

		confirm(email, code, "password1234").expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("newPassword");
		confirm(email, code, NEW_PASSWORD).expectStatus().isNoContent();
	}

	private WebTestClient.ResponseSpec requestReset(String email) {
		return web.post()
			.uri("/api/auth/password-reset")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email))
			.exchange();
	}

	private WebTestClient.ResponseSpec confirm(String email, String code, String newPassword) {
		return web.post()
			.uri("/api/auth/password-reset/confirm")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "code", code, "newPassword", newPassword))
			.exchange();
	}

	private static String awaitCode(String email) {
		return ResetCodes.awaitMailedTo(MAIL, email, Duration.ofSeconds(10));
	}

}
