package com.gahorouter.console.system;

import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.reactive.function.client.WebClient;

import com.gahorouter.console.GahorouterApplication;

import io.r2dbc.pool.ConnectionPool;

/**
 * Graceful shutdown of a replica of its own (a second application context on the JVM's
 * embedded PostgreSQL): readiness refuses traffic first, requests in flight when the
 * context closes complete with 2xx, open event streams end cleanly (complete, not cut),
 * the LISTEN connection and the pool close, and the port refuses new connections.
 */
// Closing a second application context in this JVM also stops the shared context's
// management server (observed with
// Boot 4.0.7's child management context; its public server keeps running): later tests
// get a fresh shared context.
@DirtiesContext
class GracefulShutdownIntegrationTests extends IntegrationTest {

	@Autowired
	private TestDatabase database;

	private static final String LISTENERS = "select count(*) from pg_stat_activity where query = 'LISTEN "
			+ ChangeNotifications.CHANNEL + "'";

	private ConfigurableApplicationContext replica;

	@AfterEach
	void closeReplica() {
		if (replica != null) {
			replica.close();
		}
	}

	@Test
	void inFlightRequestsCompleteAndStreamsEndWhenTheReplicaShutsDown() throws Exception {
		long listenersBefore = database.count(LISTENERS, Map.of());
		replica = startReplica();
		List<Object> readiness = new CopyOnWriteArrayList<>();
		replica.addApplicationListener(
				(ApplicationListener<AvailabilityChangeEvent<?>>) event -> readiness.add(event.getState()));
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		WebClient client = WebClient.builder().baseUrl("http://localhost:" + port).build();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> database.count(LISTENERS, Map.of()) == listenersBefore + 1);

		Map<String, Object> registered = client.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(ConsoleClient.registration(uniqueEmail("shutdown"), "CN"))
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(30));
		String token = (String) registered.get("token");
		String tenantId = (String) ((Map<?, ?>) registered.get("tenant")).get("id");
		String operator = (String) client.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", OperatorClient.EMAIL, "password", OperatorClient.PASSWORD))
			.retrieve()
			.bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.block(Duration.ofSeconds(30))
			.get("token");

		// An open event stream, and a balance adjustment held in flight: the test holds
		// the tenant's row lock.
		CompletableFuture<List<ServerSentEvent<String>>> stream = client.get()
			.uri("/api/model-groups/events")
			.headers(h -> h.setBearerAuth(token))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.retrieve()
			.bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.collectList()
			.toFuture();
		EventStreams streams = replica.getBean(EventStreams.class);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> streams.openStreams() == 1);
		CompletableFuture<Integer> adjustment;
		CompletableFuture<Void> closed;
		ConnectionPool pool = replica.getBean(ConnectionPool.class);
		ChangeNotifications notifications = replica.getBean(ChangeNotifications.class);
		long closeStarted;
		try (Connection lock = DriverManager.getConnection(replica.getEnvironment().getProperty("spring.flyway.url"),
				"postgres", "")) {
			lock.setAutoCommit(false);
			try (PreparedStatement select = lock.prepareStatement("select 1 from tenants where id = ? for update")) {
				select.setObject(1, UUID.fromString(tenantId));
				select.executeQuery().close();
			}
			adjustment = client.post()
				.uri("/api/admin/tenants/{id}/balance-adjustments", tenantId)
				.headers(h -> h.setBearerAuth(operator))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("amount", "12.00", "reason", "in flight during shutdown"))
				.exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
				.toFuture();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> database.count("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
						+ "and query like 'with moved as (update tenants%'", Map.of()) == 1);

			closeStarted = System.nanoTime();
			closed = CompletableFuture.runAsync(replica::close);
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !accepts(port));
			assertThat(readiness).as("readiness refused traffic first").contains(ReadinessState.REFUSING_TRAFFIC);
			assertThat(adjustment).as("still in flight while the port refuses new connections").isNotDone();
			assertThat(stream.get(10, TimeUnit.SECONDS)).as("the event stream ended cleanly, after the list")
				.isNotEmpty();
			lock.rollback();
		}

		assertThat(adjustment.get(30, TimeUnit.SECONDS)).as("the in-flight request completed").isEqualTo(201);
		closed.get(30, TimeUnit.SECONDS);
		assertThat(Duration.ofNanos(System.nanoTime() - closeStarted)).as("no wait for the shutdown timeout")
			.isLessThan(Duration.ofSeconds(15));
		assertThat(database.count("select count(*) from ledger_entries where tenant_id = :t and reference = :r",
				Map.of("t", UUID.fromString(tenantId), "r", "in flight during shutdown")))
			.isEqualTo(1);
		assertThat(pool.isDisposed()).as("pool closed").isTrue();
		assertThat(notifications.isRunning()).as("listener stopped").isFalse();
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> database.count(LISTENERS, Map.of()) == listenersBefore);
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("localhost", port), 1000);
			return true;
		}
		catch (IOException e) {
			return false;
		}
	}

	private static ConfigurableApplicationContext startReplica() {
		return new SpringApplicationBuilder(GahorouterApplication.class).profiles("test")
			// Command-line arguments: builder properties are defaults, which
			// application.yaml's 8080 would beat.
			.run("--server.port=0", "--gahorouter.turnstile.verify-url=" + TURNSTILE.url(),
					"--gahorouter.turnstile.secret-key=" + TurnstileStub.SECRET, "--spring.mail.host=127.0.0.1",
					"--spring.mail.port=" + MAIL.getSmtp().getPort());
	}

}
