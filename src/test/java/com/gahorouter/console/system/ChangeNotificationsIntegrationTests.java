package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Without its notification connection a replica cannot know what other replicas changed,
 * so it must not trust its caches: it reads through to the database until it listens
 * again, and then starts afresh.
 */
class ChangeNotificationsIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private ChangeNotifications notifications;

	@Test
	void whileNotListeningTheCachesAreBypassedAndOnReconnectEverythingIsReloaded() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		assertThat(list(admin)).contains(overseas.toString());

		notifications.stop();
		try {
			assertThat(notifications.isListening()).isFalse();
			// A change this replica is never told about, as if another replica had made
			// it.
			db.sql("update tenants set region = 'CN' where id = :id")
				.bind("id", admin.tenantId())
				.then()
				.block(Duration.ofSeconds(10));
			assertThat(list(admin)).doesNotContain(overseas.toString());
		}
		finally {
			notifications.start();
		}
		await().atMost(Duration.ofSeconds(10)).until(notifications::isListening);

		// The list cached before the disconnect still says OVERSEAS; only the resync on
		// reconnect drops it.
		assertThat(list(admin)).doesNotContain(overseas.toString());
	}

	private String list(SignedIn user) {
		return web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
