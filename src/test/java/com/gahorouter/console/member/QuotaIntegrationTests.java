package com.gahorouter.console.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Per-tenant quotas (here set low) are never exceeded, not even by concurrent requests:
 * the count runs under the tenant's row lock in the inserting transaction. The request
 * over the quota is {@code 409 QUOTA_EXCEEDED} naming it, and writes nothing.
 */
@TestPropertySource(properties = { "gahorouter.quota.api-keys-per-tenant=" + QuotaIntegrationTests.KEYS,
		"gahorouter.quota.members-per-tenant=" + QuotaIntegrationTests.MEMBERS,
		"gahorouter.quota.open-invitations-per-tenant=" + QuotaIntegrationTests.INVITATIONS })
class QuotaIntegrationTests extends IntegrationTest {

	static final int KEYS = 5;

	/** Users of a tenant, its admin included. */
	static final int MEMBERS = 3;

	static final int INVITATIONS = 4;

	private static final int CONCURRENT_ATTEMPTS = 16;

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private TestDatabase database;

	@Test
	void concurrentKeyCreationsNeverExceedTheKeyQuota() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();

		List<Integer> statuses = concurrently(i -> console.tryCreateKey(admin, "key " + i, group));

		assertThat(statuses).hasSize(CONCURRENT_ATTEMPTS).containsOnly(201, 409);
		assertThat(statuses.stream().filter(status -> status == 201)).hasSize(KEYS);
		assertThat(
				database.count("select count(*) from api_keys where tenant_id = :id", Map.of("id", admin.tenantId())))
			.isEqualTo(KEYS);
		console.tryCreateKey(admin, "one more", group)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED")
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("gahorouter.quota.api-keys-per-tenant"));
	}

	@Test
	void aRevokedKeyFreesItsPlaceInTheQuota() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		UUID first = null;
		for (int i = 0; i < KEYS; i++) {
			UUID id = console.createKey(admin, "key " + i, group).id();
			first = first == null ? id : first;
		}
		console.tryCreateKey(admin, "over", group).expectStatus().isEqualTo(409);

		console.revokeKey(admin, first);

		console.tryCreateKey(admin, "again", group).expectStatus().isCreated();
	}

	@Test
	void concurrentMemberAdditionsNeverExceedTheMemberQuota() {
		SignedIn admin = console.registerTenant("OVERSEAS");

		List<Integer> statuses = concurrently(i -> console.tryAddMember(admin, Map.of("email",
				ConsoleClient.uniqueEmail("quota-member-" + i), "name", "Member " + i, "password", PASSWORD)));

		assertThat(statuses).hasSize(CONCURRENT_ATTEMPTS).containsOnly(201, 409);
		assertThat(database.count("select count(*) from users where tenant_id = :id", Map.of("id", admin.tenantId())))
			.isEqualTo(MEMBERS);
		console
			.tryAddMember(admin,
					Map.of("email", ConsoleClient.uniqueEmail("quota-over"), "name", "Over", "password", PASSWORD))
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED")
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("gahorouter.quota.members-per-tenant"));
	}

	@Test
	void acceptingAnInvitationCountsAgainstTheMemberQuota() {
		SignedIn admin = console.registerTenant("CN");
		for (int i = 1; i < MEMBERS; i++) {
			console.addMember(admin);
		}
		String token = console.invite(admin, Map.of()).token();
		String email = ConsoleClient.uniqueEmail("quota-invitee");

		console.acceptInvitation(token, email)
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED");

		assertThat(
				database.count("select count(*) from users where lower(email) = lower(:email)", Map.of("email", email)))
			.isZero();
		assertThat(database.count("select count(*) from invitations where tenant_id = :id and uses = 0",
				Map.of("id", admin.tenantId())))
			.isOne();
	}

	@Test
	void concurrentInvitationsNeverExceedTheOpenInvitationQuota() {
		SignedIn admin = console.registerTenant("CN");

		List<Integer> statuses = concurrently(i -> console.tryInvite(admin, Map.of()));

		assertThat(statuses).hasSize(CONCURRENT_ATTEMPTS).containsOnly(201, 409);
		assertThat(database.count("select count(*) from invitations where tenant_id = :id",
				Map.of("id", admin.tenantId())))
			.isEqualTo(INVITATIONS);
		console.tryInvite(admin, Map.of())
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("QUOTA_EXCEEDED")
			.jsonPath("$.detail")
			.value(detail -> assertThat((String) detail).contains("gahorouter.quota.open-invitations-per-tenant"));
		// A revoked link is no longer open: it frees its place.
		database.execute("update invitations set revoked_at = now() where id = "
				+ "(select id from invitations where tenant_id = :id limit 1)", Map.of("id", admin.tenantId()));
		console.tryInvite(admin, Map.of()).expectStatus().isCreated();
	}

	private List<Integer> concurrently(IntFunction<WebTestClient.ResponseSpec> attempt) {
		return Flux.range(0, CONCURRENT_ATTEMPTS)
			.flatMap(i -> Mono.fromCallable(() -> attempt.apply(i).returnResult(String.class).getStatus().value())
				.subscribeOn(Schedulers.boundedElastic()), CONCURRENT_ATTEMPTS)
			.collectList()
			.block(Duration.ofSeconds(120));
	}

}
