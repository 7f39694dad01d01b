package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.GahorouterApplication;

/**
 * Two replicas on one PostgreSQL: this test's shared context ("A") and a second
 * application context ("B") started here on the same embedded database. A change made
 * through A is seen through B within a second, also after B's listening connection was
 * killed and re-established.
 */
// Closing a second application context in this JVM also stops the shared context's
// management server (observed with
// Boot 4.0.7's child management context; its public server keeps running): later tests
// get a fresh shared context.
@DirtiesContext
class TwoReplicasIntegrationTests extends IntegrationTest {

	private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(1);

	/** Awaitility's default (100 ms) would look only a few times within the limit. */
	private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

	private static ConfigurableApplicationContext replicaB;

	private static WebTestClient webB;

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private TestDatabase database;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private ChangeNotifications notificationsA;

	@BeforeAll
	static void startReplicaB() {
		replicaB = new SpringApplicationBuilder(GahorouterApplication.class).profiles("test")
			// Command-line arguments: builder properties are defaults, which
			// application.yaml's 8080 would beat.
			.run("--server.port=0", "--gahorouter.turnstile.verify-url=" + TURNSTILE.url(),
					"--gahorouter.turnstile.secret-key=" + TurnstileStub.SECRET, "--spring.mail.host=127.0.0.1",
					"--spring.mail.port=" + MAIL.getSmtp().getPort());
		int port = ((WebServerApplicationContext) replicaB).getWebServer().getPort();
		webB = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@AfterAll
	static void stopReplicaB() {
		if (replicaB != null) {
			replicaB.close();
		}
	}

	@Test
	void logoutThroughOneReplicaIsRefusedByTheOtherWithinASecond() {
		assertLogoutPropagates();
	}

	@Test
	void replicaReconnectsAfterItsListenerIsKilledAndSeesTheNextChange() {
		ChangeNotifications notificationsB = replicaB.getBean(ChangeNotifications.class);
		await().atMost(Duration.ofSeconds(10)).until(notificationsB::isListening);

		long killed = database.count("select count(pg_terminate_backend(pid)) from pg_stat_activity "
				+ "where query = 'LISTEN " + ChangeNotifications.CHANNEL + "'", Map.of());
		assertThat(killed).isEqualTo(2);

		await().atMost(Duration.ofSeconds(10))
			.until(() -> notificationsA.isListening() && notificationsB.isListening());
		assertLogoutPropagates();
	}

	@Test
	void aRegionChangeThroughOneReplicaChangesTheOthersListWithinASecond() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		assertThat(listThroughB(admin)).contains(overseas.toString());

		web.put()
			.uri("/api/tenant/region")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("region", "CN"))
			.exchange()
			.expectStatus()
			.isOk();

		await().atMost(PROPAGATION_LIMIT)
			.pollInterval(POLL_INTERVAL)
			.until(() -> !listThroughB(admin).contains(overseas.toString()));
	}

	@Test
	void anOperatorEditThroughOneReplicaReachesTheOthersListWithinASecond() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		assertThat(listThroughB(admin)).contains(group.toString());

		operator
			.updateGroup(group, Map.of("name", "Disabled " + group, "platform", "Test platform", "rateMultiplier",
					"1.0", "serviceRegion", "CN", "visibility", "PUBLIC", "status", "DISABLED", "models", List.of("m")))
			.expectStatus()
			.isOk();

		await().atMost(PROPAGATION_LIMIT)
			.pollInterval(POLL_INTERVAL)
			.until(() -> !listThroughB(admin).contains(group.toString()));
	}

	@Test
	void aKeyPolicyEditThroughOneReplicaIsRefusedByTheOtherWithinASecond() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		CreatedKey key = console.createKey(admin, group);
		// B has the key's snapshot cached now.
		assertThat(checkThroughB(key.key(), "198.51.100.7")).contains("\"allowed\":true");

		console.updateKey(admin, key.id(), Map.of("allowedIps", List.of("203.0.113.0/24"))).expectStatus().isOk();

		await().atMost(PROPAGATION_LIMIT)
			.pollInterval(POLL_INTERVAL)
			.until(() -> checkThroughB(key.key(), "198.51.100.7").contains("IP_NOT_ALLOWED"));
		assertThat(checkThroughB(key.key(), "203.0.113.9")).contains("\"allowed\":true");
	}

	@Test
	void aSpendLimitReachedThroughOneReplicaIsRefusedByTheOtherWithinASecond() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		CreatedKey key = console.createKey(admin, group);
		console.updateKey(admin, key.id(), Map.of("spendLimit", "0.50", "spendLimitPeriod", "TOTAL"))
			.expectStatus()
			.isOk();
		assertThat(checkThroughB(key.key(), null)).contains("\"allowed\":true");

		gateway.reportAt(key.id(), java.time.Instant.now(), 10, 10, "0.50");

		await().atMost(PROPAGATION_LIMIT)
			.pollInterval(POLL_INTERVAL)
			.until(() -> checkThroughB(key.key(), null).contains("SPEND_LIMIT_REACHED"));
	}

	@Test
	void aRemovedMembersKeyIsRefusedByTheOtherReplicaWithinASecond() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		SignedIn member = console.addMember(admin);
		CreatedKey key = console.createKey(member, group);
		// B has the key's snapshot cached now.
		assertThat(checkThroughB(key.key(), null)).contains("\"allowed\":true");

		console.removeMember(admin, member.userId()).expectStatus().isNoContent();

		await().atMost(PROPAGATION_LIMIT)
			.pollInterval(POLL_INTERVAL)
			.until(() -> checkThroughB(key.key(), null).contains("KEY_REVOKED"));
	}

	private String checkThroughB(String key, String clientIp) {
		Map<String, Object> body = new java.util.HashMap<>();
		body.put("key", key);
		if (clientIp != null) {
			body.put("clientIp", clientIp);
		}
		return webB.post()
			.uri("/internal/key-checks")
			.headers(h -> h.setBearerAuth(GatewayClient.TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	private String listThroughB(SignedIn user) {
		return webB.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.returnResult(String.class)
			.getResponseBody()
			.collectList()
			.map(parts -> String.join("", parts))
			.block(Duration.ofSeconds(10));
	}

	private void assertLogoutPropagates() {
		SignedIn admin = console.registerTenant("CN");
		// B has the session cached now.
		webB.get().uri("/api/me").headers(h -> h.setBearerAuth(admin.token())).exchange().expectStatus().isOk();

		web.post()
			.uri("/api/auth/logout")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();

		await().atMost(PROPAGATION_LIMIT)
			.pollInterval(POLL_INTERVAL)
			.until(() -> webB.get()
				.uri("/api/me")
				.headers(h -> h.setBearerAuth(admin.token()))
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value() == 401);
	}

}
