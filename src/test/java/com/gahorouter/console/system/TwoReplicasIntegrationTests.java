package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.GahorouterApplication;

/**
 * Two replicas on one PostgreSQL: this test's shared context ("A") and a second application context ("B")
 * started here on the same embedded database. A change made through A is seen through B within a second,
 * also after B's listening connection was killed and re-established.
 */
class TwoReplicasIntegrationTests extends IntegrationTest {

    private static final Duration PROPAGATION_LIMIT = Duration.ofSeconds(1);

    private static ConfigurableApplicationContext replicaB;
    private static WebTestClient webB;

    @Autowired
    private ChangeNotifications notificationsA;

    @BeforeAll
    static void startReplicaB() {
        replicaB = new SpringApplicationBuilder(GahorouterApplication.class)
                .profiles("test")
                .properties(Map.of(
                        "server.port", "0",
                        "gahorouter.turnstile.verify-url", TURNSTILE.url(),
                        "gahorouter.turnstile.secret-key", TurnstileStub.SECRET,
                        "spring.mail.host", "127.0.0.1",
                        "spring.mail.port", String.valueOf(MAIL.getSmtp().getPort())))
                .run();
        int port = ((WebServerApplicationContext) replicaB).getWebServer().getPort();
        webB = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
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
        await(notificationsB::isListening, Duration.ofSeconds(10));

        long killed = count("select count(pg_terminate_backend(pid)) from pg_stat_activity "
                + "where query = 'LISTEN " + ChangeNotifications.CHANNEL + "'", Map.of());
        assertThat(killed).isEqualTo(2);

        await(() -> notificationsA.isListening() && notificationsB.isListening(), Duration.ofSeconds(10));
        assertLogoutPropagates();
    }

    private void assertLogoutPropagates() {
        SignedIn admin = registerTenant("CN");
        // B has the session cached now.
        webB.get().uri("/api/me").headers(h -> h.setBearerAuth(admin.token())).exchange().expectStatus().isOk();

        web.post().uri("/api/auth/logout").headers(h -> h.setBearerAuth(admin.token())).exchange()
                .expectStatus().isNoContent();

        await(() -> webB.get().uri("/api/me").headers(h -> h.setBearerAuth(admin.token())).exchange()
                .returnResult(String.class).getStatus().value() == 401, PROPAGATION_LIMIT);
    }

    /** Polls until the condition holds, failing after the limit; no fixed sleep. */
    private static void await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + limit);
            }
            Thread.onSpinWait();
        }
    }
}
