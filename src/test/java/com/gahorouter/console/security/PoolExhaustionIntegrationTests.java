package com.gahorouter.console.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.SignedIn;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.Connection;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pool-exhaustion sweep of issue 11, in a context of its own with a tiny pool (3
 * connections, 1 s acquire time): while every pooled connection is held by a slow query
 * ({@code pg_sleep}), more concurrent requests than connections each wait a bounded time
 * and answer 503 {@code SERVICE_UNAVAILABLE} with {@code Retry-After}; once the slow
 * queries end, the same requests succeed again. BlockHound (on for the whole test JVM)
 * fails the run if any of this blocked an event loop.
 */
@TestPropertySource(properties = { "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=3",
		"spring.r2dbc.pool.max-acquire-time=1s" })
class PoolExhaustionIntegrationTests extends IntegrationTest {

	private static final int POOL = 3;

	private static final int REQUESTS = 8;

	private static final Duration HOLD = Duration.ofSeconds(6);

	@Autowired
	private ConsoleClient console;

	@Autowired
	private ConnectionPool pool;

	@Test
	void moreSlowRequestsThanConnectionsGetBoundedWaitsAnd503ThenRecover() throws Exception {
		SignedIn admin = console.registerTenant("CN");
		console.get(admin, "/api/api-keys").expectStatus().isOk();

		List<Disposable> holders = new ArrayList<>();
		for (int i = 0; i < POOL; i++) {
			holders.add(Mono.usingWhen(pool.create(), PoolExhaustionIntegrationTests::sleep, Connection::close)
				.onErrorResume(error -> Mono.empty())
				.subscribe());
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> pool.getMetrics().map(m -> m.acquiredSize() >= m.getMaxAllocatedSize()).orElse(false));

		ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
		try {
			List<Future<long[]>> answers = new ArrayList<>();
			for (int i = 0; i < REQUESTS; i++) {
				answers.add(clients.submit(() -> {
					long start = System.nanoTime();
					EntityExchangeResult<String> answer = console.get(admin, "/api/api-keys")
						.expectBody(String.class)
						.returnResult();
					long millis = (System.nanoTime() - start) / 1_000_000;
					boolean retryAfter = answer.getResponseHeaders().getFirst("Retry-After") != null;
					boolean code = answer.getResponseBody() != null
							&& answer.getResponseBody().contains("\"code\":\"SERVICE_UNAVAILABLE\"");
					return new long[] { answer.getStatus().value(), millis, retryAfter ? 1 : 0, code ? 1 : 0 };
				}));
			}
			for (Future<long[]> future : answers) {
				long[] answer = future.get(30, TimeUnit.SECONDS);
				assertThat(answer[0]).as("status while the pool is exhausted")
					.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE.value());
				assertThat(answer[1]).as("milliseconds waited").isLessThan(HOLD.toMillis());
				assertThat(answer[2]).as("Retry-After").isEqualTo(1);
				assertThat(answer[3]).as("code SERVICE_UNAVAILABLE").isEqualTo(1);
			}
		}
		finally {
			clients.shutdownNow();
		}

		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.until(() -> console.get(admin, "/api/api-keys").returnResult(String.class).getStatus().is2xxSuccessful());
		holders.forEach(Disposable::dispose);
	}

	private static Mono<Long> sleep(Connection connection) {
		return Flux.from(connection.createStatement("SELECT pg_sleep(" + HOLD.toSeconds() + ")").execute())
			.flatMap(result -> result.map((row, metadata) -> 1L))
			.count();
	}

}
