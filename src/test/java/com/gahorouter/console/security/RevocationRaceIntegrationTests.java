package com.gahorouter.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.KeyCheck;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

/**
 * Finding 8: a revocation is final whatever runs concurrently. Each round keeps several
 * clients hammering with a session (or a key) while it is revoked; every request that
 * starts after the revocation answered must be refused (401 {@code UNAUTHENTICATED}, or
 * {@code KEY_REVOKED}). The session rounds make the cached session stale first, so that
 * the requests race the {@code last_seen_at} update ({@code touch}) against the eviction,
 * and the cache is warm or loading when the revocation lands.
 */
class RevocationRaceIntegrationTests extends IntegrationTest {

	private static final int ROUNDS = 12;

	private static final int CLIENTS = 4;

	/** How many requests each client makes after the revocation answered. */
	private static final int REQUESTS_AFTER = 3;

	private static final Duration ROUND_LIMIT = Duration.ofSeconds(30);

	@Autowired
	private ConsoleClient console;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private TestDatabase database;

	private ExecutorService clients;

	@BeforeEach
	void startClients() {
		clients = Executors.newFixedThreadPool(CLIENTS);
	}

	@AfterEach
	void stopClients() {
		clients.shutdownNow();
	}

	@Test
	void aLoggedOutSessionStaysRefusedWhateverRequestsRaceTheLogout() throws Exception {
		SignedIn admin = console.registerTenant("CN");
		for (int round = 0; round < ROUNDS; round++) {
			SignedIn session = console.login(admin.email(), PASSWORD);
			// Stale last_seen_at: the first requests of the round update it while the
			// logout evicts.
			database.execute("UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE user_id = :user",
					Map.of("user", admin.userId()));
			race(() -> console.me(session).returnResult(String.class).getStatus().value(),
					() -> console.logout(session), status -> status == 401, "401 after logout in round " + round);
		}
	}

	@Test
	void aRevokedKeyStaysRefusedWhateverKeyChecksRaceTheRevocation() throws Exception {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		for (int round = 0; round < ROUNDS; round++) {
			CreatedKey key = console.createKey(admin, "race " + round, group);
			race(() -> {
				KeyCheck check = gateway.checkKey(key.key());
				return Boolean.TRUE.equals(check.allowed()) ? 200 : "KEY_REVOKED".equals(check.reason()) ? 401 : 500;
			}, () -> console.revokeKey(admin, key.id()), status -> status == 401, "KEY_REVOKED in round " + round);
		}
	}

	/**
	 * Runs {@code request} from {@link #CLIENTS} threads until each made
	 * {@link #REQUESTS_AFTER} requests that started after {@code revoke} returned;
	 * asserts that those were all refused.
	 */
	private void race(Supplier<Integer> request, Runnable revoke, java.util.function.IntPredicate refused,
			String expectation) throws Exception {
		AtomicBoolean started = new AtomicBoolean();
		long[] revokedAt = { Long.MAX_VALUE };
		Object lock = new Object();
		ConcurrentLinkedQueue<Integer> statusesAfter = new ConcurrentLinkedQueue<>();
		List<Future<?>> running = new java.util.ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			running.add(clients.submit(() -> {
				int after = 0;
				long deadline = System.nanoTime() + ROUND_LIMIT.toNanos();
				while (after < REQUESTS_AFTER && System.nanoTime() < deadline) {
					long start = System.nanoTime();
					int status = request.get();
					started.set(true);
					long revoked;
					synchronized (lock) {
						revoked = revokedAt[0];
					}
					if (start > revoked) {
						statusesAfter.add(status);
						after++;
					}
				}
				return null;
			}));
		}
		long wait = System.nanoTime() + ROUND_LIMIT.toNanos();
		while (!started.get() && System.nanoTime() < wait) {
			Thread.onSpinWait();
		}
		revoke.run();
		synchronized (lock) {
			revokedAt[0] = System.nanoTime();
		}
		for (Future<?> client : running) {
			client.get(ROUND_LIMIT.toSeconds() * 2, TimeUnit.SECONDS);
		}
		assertThat(statusesAfter).as(expectation).hasSize(CLIENTS * REQUESTS_AFTER).allMatch(refused::test);
		assertThat(request.get()).as(expectation).matches(refused::test);
	}

}
