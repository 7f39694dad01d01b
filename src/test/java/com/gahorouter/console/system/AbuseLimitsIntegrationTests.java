package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The limits on unauthenticated and enumeration-prone work, lowered so that a test can
 * reach them, in a context of their own; every request comes from 127.0.0.1. Each test
 * exhausts a limit no other test here relies on; the one on unknown bearer tokens (which
 * every console request passes) runs last.
 */
@TestPropertySource(properties = { "gahorouter.rate-limit.login-failures-per-ip=5",
		"gahorouter.rate-limit.password-reset-confirms-per-ip=3", "gahorouter.rate-limit.unknown-tokens-per-ip=5",
		"gahorouter.rate-limit.unknown-keys-per-ip=5", "gahorouter.rate-limit.member-additions-per-tenant=3",
		"gahorouter.rate-limit.invitation-accepts-per-tenant=2", "gahorouter.rate-limit.invitation-accepts-per-ip=6",
		"gahorouter.auth.password-hashing-threads=1", "gahorouter.auth.password-hashing-queue=1" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AbuseLimitsIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private TestDatabase database;

	@Test
	@Order(1)
	void wrongPasswordsPerClientIpAreLimitedAcrossAccounts() {
		for (int i = 0; i < 5; i++) {
			console.attemptLogin(uniqueEmail("sprayed"), "a wrong password " + i).expectStatus().isUnauthorized();
		}
		expectRateLimited(console.attemptLogin(uniqueEmail("sprayed"), "one more wrong password"));
	}

	@Test
	@Order(1)
	void resetConfirmationsPerClientIpAreLimited() {
		for (int i = 0; i < 3; i++) {
			confirm(uniqueEmail("guessed")).expectStatus().isBadRequest();
		}
		expectRateLimited(confirm(uniqueEmail("guessed")));
	}

	@Test
	@Order(1)
	void memberAdditionsPerTenantAreLimitedSoEmailsCannotBeEnumerated() {
		SignedIn admin = console.registerTenant("CN");
		String taken = console.registerTenant("CN").email();
		for (int i = 0; i < 3; i++) {
			console.tryAddMember(admin, Map.of("email", taken, "name", "Probe", "password", PASSWORD))
				.expectStatus()
				.isEqualTo(HttpStatus.CONFLICT);
		}
		expectRateLimited(console.tryAddMember(admin,
				Map.of("email", uniqueEmail("fresh"), "name", "Fresh", "password", PASSWORD)));
	}

	@Test
	@Order(1)
	void invitationAcceptsPerTenantAreLimitedSoEmailsCannotBeEnumerated() {
		SignedIn admin = console.registerTenant("CN");
		String taken = console.registerTenant("CN").email();
		InvitationLink link = console.invite(admin, Map.of("maxUses", 10));
		for (int i = 0; i < 2; i++) {
			console.acceptInvitation(link.token(), taken).expectStatus().isEqualTo(HttpStatus.CONFLICT);
		}
		expectRateLimited(console.acceptInvitation(link.token(), uniqueEmail("fresh")));
	}

	@Test
	@Order(1)
	void aFullHashingQueueAnswersServiceUnavailableAtOnceAndWritesNothing() {
		List<String> emails = java.util.stream.IntStream.range(0, 20).mapToObj(i -> uniqueEmail("crowd")).toList();
		List<EntityExchangeResult<String>> answers = Parallel.run(20,
				i -> console.register(ConsoleClient.registration(emails.get(i), "CN"))
					.expectBody(String.class)
					.returnResult());

		assertThat(answers).allSatisfy(answer -> assertThat(answer.getStatus().value()).isIn(201, 503));
		List<EntityExchangeResult<String>> refused = answers.stream()
			.filter(answer -> answer.getStatus().value() == 503)
			.toList();
		assertThat(refused).isNotEmpty().allSatisfy(answer -> {
			assertThat(answer.getResponseHeaders().getFirst("Retry-After")).isNotBlank();
			assertThat(answer.getResponseBody()).contains("\"SERVICE_UNAVAILABLE\"");
		});
		long created = answers.size() - refused.size();
		assertThat(database.count("select count(*) from users where email = any(:emails)",
				Map.of("emails", emails.toArray(String[]::new))))
			.isEqualTo(created);
	}

	@Test
	@Order(1)
	void unknownModelKeysPerClientIpAreLimited() {
		for (int i = 0; i < 5; i++) {
			gateway.models("gk-unknown-" + UUID.randomUUID()).expectStatus().isUnauthorized();
		}
		expectRateLimited(gateway.models("gk-unknown-" + UUID.randomUUID()));
	}

	@Test
	@Order(2)
	void invitationAcceptsPerClientIpAreLimitedAcrossTenants() {
		// Each accept goes to a tenant of its own, so only the per-IP limit can refuse;
		// the per-tenant test above has taken some of this IP's accepts already.
		List<Integer> statuses = new java.util.ArrayList<>();
		for (int i = 0; i < 7 && !statuses.contains(429); i++) {
			InvitationLink link = console.invite(console.registerTenant("CN"), Map.of());
			statuses.add(console.acceptInvitation(link.token(), uniqueEmail("roamer"))
				.returnResult(String.class)
				.getStatus()
				.value());
		}
		assertThat(statuses).last().isEqualTo(429);
		assertThat(statuses.subList(0, statuses.size() - 1)).containsOnly(201);
	}

	@Test
	@Order(3)
	void unknownBearerTokensPerClientIpAreLimited() {
		for (int i = 0; i < 5; i++) {
			meWith("unknown-" + UUID.randomUUID()).expectStatus().isUnauthorized();
		}
		expectRateLimited(meWith("unknown-" + UUID.randomUUID()));
	}

	private WebTestClient.ResponseSpec meWith(String token) {
		return web.get().uri("/api/me").headers(h -> h.setBearerAuth(token)).exchange();
	}

	private WebTestClient.ResponseSpec confirm(String email) {
		return web.post()
			.uri("/api/auth/password-reset/confirm")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "code", "123456", "newPassword", "a brand new passphrase for spring"))
			.exchange();
	}

	private static void expectRateLimited(WebTestClient.ResponseSpec answer) {
		answer.expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMITED");
	}

}
