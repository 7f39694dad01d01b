package com.gahorouter.console.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.Replica;
import com.gahorouter.console.system.SignedIn;

/**
 * A key-budget crossing survives the replica that wrote it: replica C ingests the usage
 * while the webhook answers 500 and is stopped with the webhook delivery still pending;
 * replica D, started afterwards on the same database, finds it in the outbox and it is
 * delivered once. (Every live replica of the JVM polls the outbox; the webhook accepts
 * nothing before D runs, so the delivery happens after the restart whichever delivers.) A
 * class of its own: closing a replica disturbs the other servers of the JVM, so no other
 * replica may be needed after C closes.
 */
@DirtiesContext
class KeyBudgetAlertRestartIntegrationTests extends KeyBudgetAlertTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void aCrossingLeftUndeliveredWhenItsReplicaStopsIsDeliveredOnceAfterARestart() {
		SignedIn admin = console.registerTenant("CN");
		UUID key = limitedKey(admin, "10.00", "MONTHLY");
		putAlerts(admin);
		hook.failing(true);

		// A short lease: a POST in flight when C stops is soon taken over.
		ConfigurableApplicationContext replicaC = Replica.start("--gahorouter.alerts.lease=3s");
		try {
			report(Replica.client(replicaC), key, "9.00");
			assertThat(outboxRows(admin)).isEqualTo(2);
			await().atMost(WAIT).until(() -> !hook.received().isEmpty());
		}
		finally {
			replicaC.close();
		}
		assertThat(database.count("""
				select count(*) from alert_deliveries
				where tenant_id = :t and channel = 'WEBHOOK' and status = 'PENDING' and attempts >= 1
				""", Map.of("t", admin.tenantId()))).isEqualTo(1);
		assertThat(hook.accepted()).isEmpty();

		ConfigurableApplicationContext replicaD = Replica.start();
		try {
			WebTestClient webD = Replica.client(replicaD);
			hook.failing(false);
			await().atMost(WAIT).until(() -> allDelivered(deliveries(webD, admin)) && hook.accepted().size() == 1);
			List<Map<String, Object>> deliveries = deliveries(webD, admin);
			assertThat(deliveries).hasSize(2);
			Object webhookDelivery = deliveries.stream()
				.filter(d -> "WEBHOOK".equals(d.get("channel")))
				.findFirst()
				.orElseThrow()
				.get("id");
			// Every attempt, the failed ones and the one accepted, was of that delivery.
			assertThat(hook.received()).extracting(received -> event(received).get("id")).containsOnly(webhookDelivery);
		}
		finally {
			replicaD.close();
		}
		assertThat(hook.accepted()).hasSize(1);
		assertThat(budgetMailsTo(admin.email())).isEqualTo(1);
		assertThat(outboxRows(admin)).isEqualTo(2);
	}

}
