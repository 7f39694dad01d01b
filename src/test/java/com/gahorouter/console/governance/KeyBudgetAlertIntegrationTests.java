package com.gahorouter.console.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.Parallel;
import com.gahorouter.console.system.Replica;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.WebhookReceiver;

/**
 * Key-budget alerts end to end: usage reported through the gateway endpoint moves a key's
 * spend in the usage transaction, which writes each key-budget percentage crossed to the
 * alert outbox once (a mail per tenant admin, the signed webhook), and the outbox
 * delivers it. A second replica ("B", started here on the same embedded database) takes
 * part in the concurrency test. Every live replica of the JVM polls the one outbox, so
 * "once" is counted at the receivers, whichever replica delivered.
 */
// Closing a second application context also stops the shared context's management
// server (see TwoReplicasIntegrationTests): later tests get a fresh shared context.
@DirtiesContext
class KeyBudgetAlertIntegrationTests extends KeyBudgetAlertTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static ConfigurableApplicationContext replicaB;

	private static WebTestClient webB;

	@BeforeAll
	static void startReplicaB() {
		replicaB = Replica.start();
		webB = Replica.client(replicaB);
	}

	@AfterAll
	static void stopReplicaB() {
		if (replicaB != null) {
			replicaB.close();
		}
	}

	@Test
	void eachBudgetPercentageCrossedIsDeliveredOncePerAdminAndByTheSignedWebhook() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn secondAdmin = console.addMember(admin);
		SignedIn member = console.addMember(admin);
		// No API makes a second admin; promote the member behind the service's back.
		database.execute("update users set role = 'TENANT_ADMIN' where id = :id", Map.of("id", secondAdmin.userId()));
		UUID key = limitedKey(admin, "10.00", "TOTAL");
		String secret = putAlerts(admin);
		// A second key of the tenant without a limit: its spend never alerts.
		UUID unlimited = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id()).id();

		gateway.reportAt(key, Instant.now(), 10, 10, "7.00");
		gateway.reportAt(unlimited, Instant.now(), 10, 10, "50.00");
		assertThat(outboxRows(admin)).isZero();

		gateway.reportAt(key, Instant.now(), 10, 10, "1.50");
		assertThat(outboxRows(admin)).isEqualTo(3);
		await().atMost(WAIT).until(() -> allDelivered(deliveries(web, admin)) && hook.accepted().size() == 1);
		assertThat(budgetMailsTo(admin.email())).isEqualTo(1);
		assertThat(budgetMailsTo(secondAdmin.email())).isEqualTo(1);
		WebhookReceiver.Received first = hook.accepted().get(0);
		assertThat(first.signature()).isEqualTo(hmac(secret, first.timestamp() + "." + first.text()));
		assertThat(event(first)).containsEntry("type", "KEY_BUDGET")
			.containsEntry("tenantId", admin.tenantId().toString())
			.containsEntry("keyId", key.toString())
			.containsEntry("threshold", "80.00")
			.containsEntry("value", "8.50");

		// Between 80 % and 100 %: nothing new.
		gateway.reportAt(key, Instant.now(), 10, 10, "0.50");
		assertThat(outboxRows(admin)).isEqualTo(3);

		gateway.reportAt(key, Instant.now(), 10, 10, "1.50");
		assertThat(outboxRows(admin)).isEqualTo(6);
		// Past 100 % there is no percentage left to cross.
		gateway.reportAt(key, Instant.now(), 10, 10, "1.00");
		gateway.reportAt(key, Instant.now(), 10, 10, "30.00");
		assertThat(outboxRows(admin)).isEqualTo(6);

		await().atMost(WAIT).until(() -> allDelivered(deliveries(web, admin)) && hook.accepted().size() == 2);
		assertThat(budgetMailsTo(admin.email())).isEqualTo(2);
		assertThat(budgetMailsTo(secondAdmin.email())).isEqualTo(2);
		assertThat(budgetMailsTo(member.email())).isZero();
		assertThat(event(hook.accepted().get(1))).containsEntry("threshold", "100.00").containsEntry("value", "10.50");
		assertThat(deliveries(web, admin)).hasSize(6)
			.extracting(d -> d.get("type"), d -> d.get("keyId"), d -> d.get("threshold"), d -> d.get("value"))
			.containsOnly(tuple("KEY_BUDGET", key.toString(), "80.00", "8.50"),
					tuple("KEY_BUDGET", key.toString(), "100.00", "10.50"));
		assertThat(hook.received()).hasSize(2);
	}

	@Test
	void concurrentUsageThroughTwoReplicasDeliversEachCrossingOnce() {
		SignedIn admin = console.registerTenant("CN");
		UUID key = limitedKey(admin, "10.00", "TOTAL");
		putAlerts(admin);
		WebTestClient webA = web;

		// 20 × 0.60 = 12.00, half of the reports through each replica, all at once: the
		// spend passes 8.00 and 10.00 in whichever windows, on whichever replica.
		Parallel.run(20, i -> {
			report(i % 2 == 0 ? webA : webB, key, "0.60");
			return null;
		});

		assertThat(database.count("select count(*) from usage_records where key_id = :k", Map.of("k", key)))
			.isEqualTo(20);
		assertThat(outboxRows(admin)).isEqualTo(4);
		await().atMost(WAIT).until(() -> allDelivered(deliveries(web, admin)) && hook.accepted().size() == 2);
		assertThat(budgetMailsTo(admin.email())).isEqualTo(2);
		assertThat(hook.accepted()).extracting(received -> event(received).get("threshold"))
			.containsExactlyInAnyOrder("80.00", "100.00");
		assertThat(deliveries(web, admin)).extracting(d -> d.get("channel"), d -> d.get("threshold"))
			.containsExactlyInAnyOrder(tuple("EMAIL", "80.00"), tuple("WEBHOOK", "80.00"), tuple("EMAIL", "100.00"),
					tuple("WEBHOOK", "100.00"));
	}

	@Test
	void aNewPeriodStartsFromZeroAndReArmsTheBudgetPercentages() {
		SignedIn admin = console.registerTenant("CN");
		UUID key = limitedKey(admin, "10.00", "DAILY");
		putAlerts(admin);

		gateway.reportAt(key, Instant.now(), 10, 10, "8.00");
		assertThat(outboxRows(admin)).isEqualTo(2);
		gateway.reportAt(key, Instant.now(), 10, 10, "0.50");
		assertThat(outboxRows(admin)).isEqualTo(2);

		// The day passes: today's spend becomes yesterday's (a DAILY period counts only
		// today's). Waiting for a real midnight is the only other way.
		database.execute("update key_spend set day = day - 1 where key_id = :k", Map.of("k", key));
		// A late report of a call yesterday does not move today's spend.
		gateway.reportAt(key, Instant.now().minus(Duration.ofDays(1)), 10, 10, "5.00");
		assertThat(outboxRows(admin)).isEqualTo(2);

		gateway.reportAt(key, Instant.now(), 10, 10, "8.00");
		assertThat(outboxRows(admin)).isEqualTo(4);
		await().atMost(WAIT).until(() -> allDelivered(deliveries(web, admin)) && hook.accepted().size() == 2);
		assertThat(budgetMailsTo(admin.email())).isEqualTo(2);
		assertThat(hook.accepted()).extracting(this::event)
			.extracting(event -> event.get("threshold"), event -> event.get("value"))
			.containsExactly(tuple("80.00", "8.00"), tuple("80.00", "8.00"));
	}

}
