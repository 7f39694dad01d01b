package com.gahorouter.console.apikey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

/**
 * Key policies on create and update, as the console shows them and as the key check
 * enforces them.
 */
class KeyPolicyIntegrationTests extends IntegrationTest {

	private static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
	};

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private TestDatabase database;

	@Test
	void policiesAreNormalisedAndShownOnCreateAndInTheList() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		Instant expiresAt = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

		Map<String, Object> created = console
			.tryCreateKey(admin,
					Map.of("name", "Bounded", "groupId", group, "expiresAt", expiresAt.toString(), "spendLimit", "25.5",
							"spendLimitPeriod", "WEEKLY", "allowedIps",
							List.of("10.1.2.3/8", "192.168.0.7", "2001:DB8:0:0:0:0:0:1", "2001:db8::/32"), "rateLimit",
							Map.of("rpm", 60, "tpm", 100000)))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();

		assertThat(created).containsEntry("status", "ACTIVE")
			.containsEntry("expiresAt", expiresAt.toString())
			.containsEntry("spendLimit", "25.50")
			.containsEntry("spendLimitPeriod", "WEEKLY")
			.containsEntry("allowedIps", List.of("10.0.0.0/8", "192.168.0.7", "2001:db8::1", "2001:db8::/32"))
			.containsEntry("rateLimit", Map.of("rpm", 60, "tpm", 100000))
			.containsEntry("spentInPeriod", "0.00");
		Instant resets = Instant.parse((String) created.get("periodResetsAt"));
		assertThat(resets.atZone(java.time.ZoneOffset.UTC).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
		assertThat(resets).isAfter(Instant.now()).isBefore(Instant.now().plus(8, ChronoUnit.DAYS));

		Map<String, Object> listed = console.keys(admin).get(0);
		assertThat(listed).containsEntry("spendLimit", "25.50")
			.containsEntry("allowedIps", created.get("allowedIps"))
			.containsEntry("rateLimit", created.get("rateLimit"))
			.containsEntry("periodResetsAt", created.get("periodResetsAt"));

		Map<String, Object> plain = console.tryCreateKey(admin, "Plain", group)
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		assertThat(plain).containsEntry("spendLimit", null)
			.containsEntry("allowedIps", null)
			.containsEntry("rateLimit", null)
			.containsEntry("spentInPeriod", null)
			.containsEntry("periodResetsAt", null);
	}

	@Test
	void aBadPolicyIsValidationFailedNamingTheFieldAndWritesNothing() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		Map<String, Object> body = new HashMap<>(Map.of("name", "Bad", "groupId", group, "expiresAt",
				Instant.now().minusSeconds(60).toString(), "spendLimit", "0", "spendLimitPeriod", "HOURLY",
				"allowedIps", List.of("10.0.0.1", "example.com", "10.0.0.0/33", "1:2:3"), "rateLimit",
				Map.of("rpm", 0, "tpm", 1.5)));

		assertThat(fields(console.tryCreateKey(admin, body).expectStatus().isBadRequest())).containsExactly(
				"allowedIps[1]", "allowedIps[2]", "allowedIps[3]", "expiresAt", "rateLimit.rpm", "rateLimit.tpm",
				"spendLimit", "spendLimitPeriod");
		assertThat(fields(
				console.tryCreateKey(admin, Map.of("name", "No period", "groupId", group, "spendLimit", "1.1234567"))
					.expectStatus()
					.isBadRequest()))
			.containsExactly("spendLimit");
		assertThat(fields(console.tryCreateKey(admin, Map.of("name", "No period", "groupId", group, "spendLimit", "5"))
			.expectStatus()
			.isBadRequest())).containsExactly("spendLimitPeriod");
		List<String> tooMany = new ArrayList<>();
		for (int i = 0; i < 101; i++) {
			tooMany.add("10.0.0." + (i % 250));
		}
		assertThat(fields(console.tryCreateKey(admin, Map.of("name", "Many", "groupId", group, "allowedIps", tooMany))
			.expectStatus()
			.isBadRequest())).containsExactly("allowedIps");

		assertThat(database.count("select count(*) from api_keys where tenant_id = :tenant",
				Map.of("tenant", admin.tenantId())))
			.isZero();

		UUID keyId = console.createKey(admin, group).id();
		assertThat(fields(console.updateKey(admin, keyId, Map.of("name", "Renamed", "spendLimit", "3"))
			.expectStatus()
			.isBadRequest())).containsExactly("spendLimitPeriod");
		assertThat(database.count(
				"select count(*) from api_keys where id = :id and name = 'Gateway test' " + "and spend_limit is null",
				Map.of("id", keyId)))
			.isOne();
	}

	@Test
	void anUpdateKeepsAbsentPoliciesAndClearsExplicitNulls() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		var key = console.createKey(admin, group);

		Map<String, Object> limited = update(admin, key.id(), Map.of("spendLimit", "5", "spendLimitPeriod", "MONTHLY",
				"allowedIps", List.of("203.0.113.0/24"), "rateLimit", Map.of("rpm", 10)));
		assertThat(limited).containsEntry("spendLimit", "5.00")
			.containsEntry("spendLimitPeriod", "MONTHLY")
			.containsEntry("allowedIps", List.of("203.0.113.0/24"))
			.containsEntry("name", "Gateway test");
		assertThat(asMap(limited.get("rateLimit"))).containsEntry("rpm", 10).containsEntry("tpm", null);
		assertThat(gateway.checkKey(key.key(), "198.51.100.1")).containsEntry("reason", "IP_NOT_ALLOWED");

		Map<String, Object> renamed = update(admin, key.id(), Map.of("name", "Renamed", "spendLimit", "7.25"));
		assertThat(renamed).containsEntry("name", "Renamed")
			.containsEntry("spendLimit", "7.25")
			.containsEntry("spendLimitPeriod", "MONTHLY")
			.containsEntry("allowedIps", List.of("203.0.113.0/24"));

		Map<String, Object> clear = new HashMap<>();
		clear.put("allowedIps", null);
		clear.put("spendLimit", null);
		clear.put("rateLimit", null);
		Map<String, Object> cleared = update(admin, key.id(), clear);
		assertThat(cleared).containsEntry("allowedIps", null)
			.containsEntry("spendLimit", null)
			.containsEntry("spendLimitPeriod", null)
			.containsEntry("rateLimit", null)
			.containsEntry("name", "Renamed");
		// The edit is effective at the very next check.
		assertThat(gateway.checkKey(key.key(), "198.51.100.1")).containsEntry("allowed", true);
	}

	@Test
	void aKeyIsRefusedOutsideItsAllowlistAndAnAllowedAnswerCarriesItsLimitsAndExpiry() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		Instant expiresAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		String key = (String) console
			.tryCreateKey(admin,
					Map.of("name", "Office", "groupId", group, "allowedIps", List.of("10.0.0.0/8", "2001:db8::/32"),
							"rateLimit", Map.of("rpm", 60, "tpm", 5000), "expiresAt", expiresAt.toString()))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("key");

		assertThat(gateway.checkKey(key, "10.200.3.4")).containsEntry("allowed", true)
			.containsEntry("limits", Map.of("rpm", 60, "tpm", 5000))
			.containsEntry("expiresAt", expiresAt.toString());
		assertThat(gateway.checkKey(key, "2001:db8:ffff::1")).containsEntry("allowed", true);
		assertThat(gateway.checkKey(key, "::ffff:10.0.0.1")).containsEntry("allowed", true);
		assertThat(gateway.checkKey(key, "11.0.0.1")).containsEntry("allowed", false)
			.containsEntry("reason", "IP_NOT_ALLOWED")
			.doesNotContainKey("limits");
		assertThat(gateway.checkKey(key, "2001:db9::1")).containsEntry("reason", "IP_NOT_ALLOWED");
		assertThat(gateway.checkKey(key, "not-an-address")).containsEntry("reason", "IP_NOT_ALLOWED");
		assertThat(gateway.checkKey(key, null)).containsEntry("reason", "IP_NOT_ALLOWED");

		String open = console.createKey(admin, group).key();
		Map<String, Object> unlimited = gateway.checkKey(open, null);
		assertThat(unlimited).containsEntry("allowed", true).doesNotContainKey("expiresAt");
		assertThat(asMap(unlimited.get("limits"))).containsEntry("rpm", null).containsEntry("tpm", null);
	}

	@Test
	void aKeyPastItsExpiryIsRefusedAsExpiredFromItsCachedSnapshotAndShownExpired() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		Instant expiresAt = Instant.now().plusMillis(1500);
		String key = (String) console
			.tryCreateKey(admin, Map.of("name", "Short", "groupId", group, "expiresAt", expiresAt.toString()))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody()
			.get("key");
		assertThat(gateway.checkKey(key, null)).containsEntry("allowed", true);

		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> "KEY_EXPIRED".equals(gateway.checkKey(key, null).get("reason")));
		assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
		assertThat(console.keys(admin).get(0)).containsEntry("status", "EXPIRED");
	}

	@Test
	void theReportThatReachesTheSpendLimitIsCommittedBeforeTheNextCheckRefuses() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "100.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "2.0").id();
		Map<String, Object> created = console
			.tryCreateKey(admin,
					Map.of("name", "Budget", "groupId", group, "spendLimit", "1.00", "spendLimitPeriod", "DAILY"))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String key = (String) created.get("key");
		Object keyId = created.get("id");

		// 0.45 × 2.0 = 0.90: under the limit.
		gateway.reportAt(keyId, Instant.now(), 10, 10, "0.45");
		assertThat(gateway.checkKey(key, null)).containsEntry("allowed", true);
		// Usage of an earlier day does not count for today's limit.
		gateway.reportAt(keyId, Instant.now().minus(2, ChronoUnit.DAYS), 10, 10, "5.00");
		assertThat(gateway.checkKey(key, null)).containsEntry("allowed", true);

		gateway.reportAt(keyId, Instant.now(), 10, 10, "0.05");
		assertThat(gateway.checkKey(key, null)).containsEntry("allowed", false)
			.containsEntry("reason", "SPEND_LIMIT_REACHED");
		assertThat(console.keys(admin).get(0)).containsEntry("spentInPeriod", "1.00");

		// Raising the limit is effective at the next check.
		update(admin, keyId, Map.of("spendLimit", "2.00"));
		assertThat(gateway.checkKey(key, null)).containsEntry("allowed", true);
		// TOTAL counts every day.
		update(admin, keyId, Map.of("spendLimitPeriod", "TOTAL"));
		assertThat(gateway.checkKey(key, null)).containsEntry("reason", "SPEND_LIMIT_REACHED");
		assertThat(console.keys(admin).get(0)).containsEntry("spentInPeriod", "11.00")
			.containsEntry("periodResetsAt", null);
	}

	@Test
	void underConcurrentUsageNoCallIsAdmittedAfterTheCrossingIsCommittedAndNoneRefusedBefore() throws Exception {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "100.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		Map<String, Object> created = console
			.tryCreateKey(admin,
					Map.of("name", "Budget", "groupId", group, "spendLimit", "1.00", "spendLimitPeriod", "DAILY"))
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
		String key = (String) created.get("key");
		Object keyId = created.get("id");
		int reporters = 4;
		int reportsEach = 6;
		int crossingReport = 10; // 10 × 0.10 = the limit

		List<long[]> sent = java.util.Collections.synchronizedList(new ArrayList<>());
		List<Long> committed = java.util.Collections.synchronizedList(new ArrayList<>());
		List<Object[]> checks = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.concurrent.atomic.AtomicBoolean reporting = new java.util.concurrent.atomic.AtomicBoolean(true);
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(reporters + 2);
		try {
			List<java.util.concurrent.Future<?>> reports = new ArrayList<>();
			for (int r = 0; r < reporters; r++) {
				reports.add(threads.submit(() -> {
					for (int i = 0; i < reportsEach; i++) {
						sent.add(new long[] { System.nanoTime() });
						gateway.reportAt(keyId, Instant.now(), 1, 1, "0.10");
						committed.add(System.nanoTime());
					}
				}));
			}
			List<java.util.concurrent.Future<?>> checkers = new ArrayList<>();
			for (int c = 0; c < 2; c++) {
				checkers.add(threads.submit(() -> {
					while (reporting.get()) {
						long start = System.nanoTime();
						Map<String, Object> answer = gateway.checkKey(key, null);
						checks.add(
								new Object[] { start, System.nanoTime(), answer.get("allowed"), answer.get("reason") });
					}
				}));
			}
			for (var report : reports) {
				report.get(60, java.util.concurrent.TimeUnit.SECONDS);
			}
			reporting.set(false);
			for (var checker : checkers) {
				checker.get(60, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			threads.shutdownNow();
		}

		List<Long> sends = sent.stream().map(s -> s[0]).sorted().toList();
		List<Long> commits = committed.stream().sorted().toList();
		long crossingSent = sends.get(crossingReport - 1);
		long crossingCommitted = commits.get(crossingReport - 1);
		assertThat(checks).isNotEmpty();
		for (Object[] check : checks) {
			long start = (long) check[0];
			long end = (long) check[1];
			assertThat(check[3]).isIn(null, "SPEND_LIMIT_REACHED");
			if (start > crossingCommitted) {
				assertThat(check[2]).as("a check after the crossing was committed").isEqualTo(false);
			}
			if (end < crossingSent) {
				assertThat(check[2]).as("a check before the crossing report was sent").isEqualTo(true);
			}
		}
		assertThat(gateway.checkKey(key, null)).containsEntry("reason", "SPEND_LIMIT_REACHED");
		assertThat(console.keys(admin).get(0)).containsEntry("spentInPeriod", "2.40");
		assertThat(database.count("select count(*) from key_spend where key_id = :id",
				Map.of("id", UUID.fromString((String) keyId))))
			.isOne();
	}

	@Test
	void rotationKeepsTheKeyAndAcceptsTheOldSecretOnlyDuringItsGracePeriod() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		var key = console.createKey(admin, group);
		gateway.reportAt(key.id(), Instant.now(), 10, 10, "0.10");
		assertThat(gateway.checkKey(key.key(), null)).containsEntry("allowed", true);

		Instant before = Instant.now();
		Map<String, Object> rotated = rotate(admin, key.id(), Map.of());
		String secret = (String) rotated.get("key");
		assertThat(rotated).containsEntry("id", key.id().toString())
			.containsEntry("prefix", secret.substring(0, 8))
			.containsOnlyKeys("id", "key", "prefix", "previousKeyExpiresAt");
		assertThat(secret).startsWith("gk-").isNotEqualTo(key.key());
		assertThat(Instant.parse((String) rotated.get("previousKeyExpiresAt")))
			.isBetween(before.plus(24, ChronoUnit.HOURS).minusSeconds(1), Instant.now().plus(24, ChronoUnit.HOURS));
		assertThat(database.count(
				"select count(*) from api_keys where id = :id and secret_hash = encode(sha256(:key::bytea), 'hex')",
				Map.of("id", key.id(), "key", secret)))
			.isOne();

		assertThat(gateway.checkKey(secret, null)).containsEntry("allowed", true)
			.containsEntry("keyId", key.id().toString());
		assertThat(gateway.checkKey(key.key(), null)).containsEntry("allowed", true)
			.containsEntry("keyId", key.id().toString());
		Map<String, Object> listed = console.keys(admin).get(0);
		assertThat(listed).containsEntry("id", key.id().toString()).containsEntry("prefix", secret.substring(0, 8));
		assertThat(database.count("select count(*) from usage_records where key_id = :id", Map.of("id", key.id())))
			.isOne();

		// A short grace: the previous secret's expiry as the database holds it, read once
		// into the snapshot (not re-read per check).
		Map<String, Object> again = rotate(admin, key.id(), Map.of("gracePeriodHours", 1));
		String third = (String) again.get("key");
		database.execute(
				"update api_keys set previous_expires_at = now() + interval '1500 milliseconds' " + "where id = :id",
				Map.of("id", key.id()));
		assertThat(gateway.checkKey(secret, null)).containsEntry("allowed", true);
		assertThat(gateway.checkKey(key.key(), null)).containsEntry("reason", "UNKNOWN_KEY");
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> "KEY_REVOKED".equals(gateway.checkKey(secret, null).get("reason")));
		assertThat(gateway.checkKey(third, null)).containsEntry("allowed", true);
	}

	@Test
	void rotationWithoutGraceRefusesTheOldSecretAtOnce() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		var key = console.createKey(admin, group);
		assertThat(gateway.checkKey(key.key(), null)).containsEntry("allowed", true);

		Instant before = Instant.now().minusSeconds(1);
		Map<String, Object> rotated = rotate(admin, key.id(), Map.of("gracePeriodHours", 0));
		assertThat(Instant.parse((String) rotated.get("previousKeyExpiresAt"))).isBetween(before,
				Instant.now().plusSeconds(1));

		assertThat(gateway.checkKey(key.key(), null)).containsEntry("allowed", false);
		assertThat(gateway.checkKey((String) rotated.get("key"), null)).containsEntry("allowed", true);
	}

	@Test
	void aBadGracePeriodOrARevokedKeyIsNotRotated() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		var key = console.createKey(admin, group);

		assertThat(fields(
				console.rotateKey(admin, key.id(), Map.of("gracePeriodHours", 169)).expectStatus().isBadRequest()))
			.containsExactly("gracePeriodHours");
		assertThat(fields(
				console.rotateKey(admin, key.id(), Map.of("gracePeriodHours", -1)).expectStatus().isBadRequest()))
			.containsExactly("gracePeriodHours");
		assertThat(database.count("select count(*) from api_keys where id = :id and rotated_at is null",
				Map.of("id", key.id())))
			.isOne();

		SignedIn member = console.addMember(admin);
		console.rotateKey(member, key.id(), Map.of()).expectStatus().isNotFound();
		console.revokeKey(admin, key.id());
		console.rotateKey(admin, key.id(), Map.of()).expectStatus().isNotFound();
	}

	private Map<String, Object> update(SignedIn user, Object keyId, Map<String, Object> body) {
		return console.updateKey(user, keyId, body)
			.expectStatus()
			.isOk()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	private Map<String, Object> rotate(SignedIn user, Object keyId, Map<String, Object> body) {
		return console.rotateKey(user, keyId, body)
			.expectStatus()
			.isCreated()
			.expectBody(JSON)
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object json) {
		return (Map<String, Object>) json;
	}

	@SuppressWarnings("unchecked")
	private static List<String> fields(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec spec) {
		Map<String, Object> problem = spec.expectBody(JSON).returnResult().getResponseBody();
		assertThat(problem).containsEntry("code", "VALIDATION_FAILED");
		return ((List<Map<String, Object>>) problem.get("errors")).stream()
			.map(error -> (String) error.get("field"))
			.toList();
	}

}
