package com.gahorouter.console.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.InvitationLink;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class InvitationIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ConnectionFactory connections;

	@Test
	void invitedPersonPreviewsAcceptsAndIsSignedInAsMember() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		InvitationLink invitation = console.invite(admin, Map.of());
		String token = invitation.token();

		assertThat(invitation.url()).endsWith("/invitations/" + token);
		assertThat(invitation.maxUses()).isOne();
		Instant expiresAt = invitation.expiresAt();
		assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofHours(71), Duration.ofHours(72));
		assertThat(database.count("select count(*) from invitations where token_hash = :token", Map.of("token", token)))
			.isZero();

		web.get()
			.uri("/api/invitations/{token}", token)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenantName")
			.isEqualTo("Tenant admin")
			.jsonPath("$.expiresAt")
			.isNotEmpty();

		String email = uniqueEmail("joiner");
		Map<String, Object> signIn = console.acceptInvitation(token, email)
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		SignedIn member = console.login(email, PASSWORD);
		assertThat(member.role()).isEqualTo("MEMBER");
		assertThat(member.tenantId()).isEqualTo(admin.tenantId());
		assertThat(signIn).containsKey("token");
		web.get()
			.uri("/api/me")
			.headers(h -> h.setBearerAuth((String) signIn.get("token")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant.id")
			.isEqualTo(admin.tenantId().toString());
		assertThat(database.count(
				"select count(*) from tenants t join users u on u.tenant_id = t.id where u.email = :email",
				Map.of("email", email)))
			.isOne();

		web.get()
			.uri("/api/invitations")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].status")
			.isEqualTo("USED_UP")
			.jsonPath("$[0].uses")
			.isEqualTo(1)
			.jsonPath("$[0].token")
			.doesNotExist();
	}

	@Test
	void usedUpRevokedExpiredAndUnknownLinksAreGone() {
		SignedIn admin = console.registerTenant("CN");
		String used = console.invite(admin, Map.of()).token();
		console.acceptInvitation(used, uniqueEmail("first")).expectStatus().isCreated();

		InvitationLink toRevoke = console.invite(admin, Map.of("maxUses", 5));
		web.delete()
			.uri("/api/invitations/{id}", toRevoke.id())
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();

		String expired = console.invite(admin, Map.of("expiresInHours", 1)).token();
		db.sql("update invitations set expires_at = now() - interval '1 minute' where token_hash = "
				+ "encode(sha256(:token::bytea), 'hex')")
			.bind("token", expired)
			.then()
			.block(Duration.ofSeconds(10));

		for (String token : List.of(used, toRevoke.token(), expired, "no-such-token")) {
			web.get()
				.uri("/api/invitations/{token}", token)
				.exchange()
				.expectStatus()
				.isEqualTo(HttpStatus.GONE)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("INVITATION_INVALID");
			String email = uniqueEmail("late");
			console.acceptInvitation(token, email)
				.expectStatus()
				.isEqualTo(HttpStatus.GONE)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("INVITATION_INVALID");
			assertThat(database.count("select count(*) from users where email = :email", Map.of("email", email)))
				.isZero();
		}
	}

	@Test
	void concurrentAcceptsOfASingleUseLinkGiveOneMember() {
		SignedIn admin = console.registerTenant("CN");
		String token = console.invite(admin, Map.of()).token();

		List<Integer> statuses = Flux.range(0, 4)
			.flatMap(i -> Mono
				.fromCallable(() -> console.acceptInvitation(token, uniqueEmail("racer" + i))
					.returnResult(String.class)
					.getStatus()
					.value())
				.subscribeOn(Schedulers.boundedElastic()))
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 410);
		assertThat(database.count("select count(*) from users where tenant_id = :tenant",
				Map.of("tenant", admin.tenantId())))
			.isEqualTo(2);
		assertThat(database.count("select uses from invitations where tenant_id = :tenant",
				Map.of("tenant", admin.tenantId())))
			.isOne();
	}

	@Test
	void emailBoundLinkAcceptsOnlyThatEmail() {
		SignedIn admin = console.registerTenant("CN");
		String invited = uniqueEmail("invited");
		String token = console.invite(admin, Map.of("email", invited)).token();

		console.acceptInvitation(token, uniqueEmail("someone-else"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("email");
		console.acceptInvitation(token, invited.toUpperCase()).expectStatus().isCreated();
	}

	@Test
	void anEmailThatHasAnAccountCannotJoinAnotherTenant() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn elsewhere = console.registerTenant("OVERSEAS");
		String token = console.invite(admin, Map.of()).token();

		console.acceptInvitation(token, elsewhere.email())
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EMAIL_ALREADY_REGISTERED");
		// The failed accept did not spend the single use.
		console.acceptInvitation(token, uniqueEmail("newcomer")).expectStatus().isCreated();
	}

	@Test
	void invitationLimitsAreValidatedAndMembersCannotInvite() {
		SignedIn admin = console.registerTenant("CN");
		web.post()
			.uri("/api/invitations")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("expiresInHours", 721, "maxUses", 0))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("expiresInHours")
			.jsonPath("$.errors[1].field")
			.isEqualTo("maxUses");
		SignedIn member = console.addMember(admin);
		web.post()
			.uri("/api/invitations")
			.headers(h -> h.setBearerAuth(member.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of())
			.exchange()
			.expectStatus()
			.isForbidden();
		web.delete()
			.uri("/api/invitations/{id}", UUID.randomUUID())
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void anUnknownInvitationIsRefusedBeforeThePasswordPolicyRuns() {
		web.post()
			.uri("/api/invitations/{token}/accept", "no-such-invitation-token")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", uniqueEmail("early"), "password", "password1234", "name", "Early"))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.GONE)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("INVITATION_INVALID");
	}

	@Test
	void acceptingHoldsNoPooledConnectionWhileThePasswordIsHashed() throws Exception {
		SignedIn admin = console.registerTenant("CN");
		InvitationLink link = console.invite(admin, Map.of("maxUses", 4));
		HashingWatch watch = new HashingWatch((ConnectionPool) connections);
		watch.start();
		try {
			for (int i = 0; i < 4; i++) {
				console.acceptInvitation(link.token(), uniqueEmail("pooled")).expectStatus().isCreated();
			}
		}
		finally {
			watch.stop();
		}
		// One accept at a time: while its Argon2 hash runs, nothing of ours needs a
		// connection, so the fewest acquired during each hash is zero; a transaction
		// opened before the hash would hold one for the whole of it.
		assertThat(watch.fewestAcquiredPerHash()).hasSize(4).containsOnly(0);
	}

	/**
	 * Watches the password-hashing threads from a thread of its own: for every Argon2
	 * computation it sees, the fewest connections the pool had acquired while it ran.
	 */
	private static final class HashingWatch {

		private final ConnectionPool pool;

		private final List<Integer> fewestPerHash = new CopyOnWriteArrayList<>();

		private final AtomicBoolean watching = new AtomicBoolean(true);

		private final Thread thread = new Thread(this::watch, "hashing-watch");

		HashingWatch(ConnectionPool pool) {
			this.pool = pool;
		}

		void start() {
			thread.start();
		}

		void stop() throws InterruptedException {
			watching.set(false);
			thread.join();
		}

		List<Integer> fewestAcquiredPerHash() {
			return fewestPerHash;
		}

		private void watch() {
			int fewest = -1;
			while (watching.get()) {
				if (argon2Running()) {
					int acquired = pool.getMetrics().orElseThrow().acquiredSize();
					fewest = (fewest < 0) ? acquired : Math.min(fewest, acquired);
				}
				else if (fewest >= 0) {
					fewestPerHash.add(fewest);
					fewest = -1;
				}
			}
		}

		private static boolean argon2Running() {
			return Thread.getAllStackTraces()
				.entrySet()
				.stream()
				.filter(thread -> thread.getKey().getName().startsWith("password-hashing"))
				.flatMap(thread -> Arrays.stream(thread.getValue()))
				.anyMatch(frame -> frame.getClassName().contains("Argon2"));
		}

	}

}
