package com.gahorouter.console.gateway;

import static com.gahorouter.console.system.GatewayClient.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.r2dbc.core.DatabaseClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class UsageIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private TestDatabase database;

	@Autowired
	private DatabaseClient db;

	@Test
	void usageIsChargedAtTheGroupsMultiplierWithAUsageLedgerEntry() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "100.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.5").id();
		Object keyId = console.createKey(admin, group).id();
		String requestId = "req-" + UUID.randomUUID();

		gateway.report(usage(requestId, keyId, "0.012345")).expectStatus().isAccepted();

		assertThat(console.balance(admin)).isEqualTo("99.981482");
		web.get()
			.uri("/api/billing/ledger")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].kind")
			.isEqualTo("USAGE")
			.jsonPath("$[0].amount")
			.isEqualTo("-0.018518")
			.jsonPath("$[0].reference")
			.isEqualTo(requestId)
			.jsonPath("$[0].balanceAfter")
			.isEqualTo("99.981482");
		assertThat(database.count("select count(*) from usage_records where request_id = :r and group_id = :g "
				+ "and cost = 0.018518 and input_tokens = 1200", Map.of("r", requestId, "g", group)))
			.isOne();
		assertThat(database.count("select requests from usage_hourly where tenant_id = :t and group_id = :g "
				+ "and hour = '2026-11-20T10:00:00Z'", Map.of("t", admin.tenantId(), "g", group)))
			.isOne();
	}

	@Test
	void aReplayedReportIsChargedOnceEvenConcurrently() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		Object keyId = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id()).id();
		String requestId = "req-" + UUID.randomUUID();

		List<Integer> statuses = Flux.range(0, 12)
			.flatMap(i -> Mono
				.fromCallable(() -> gateway.report(usage(requestId, keyId, "1.00"))
					.returnResult(String.class)
					.getStatus()
					.value())
				.subscribeOn(Schedulers.boundedElastic()), 12)
			.collectList()
			.block(Duration.ofSeconds(60));
		gateway.report(usage(requestId, keyId, "1.00")).expectStatus().isAccepted();

		assertThat(statuses).containsOnly(202);
		assertThat(console.balance(admin)).isEqualTo("9.00");
		assertThat(database.count("select count(*) from ledger_entries where reference = :r", Map.of("r", requestId)))
			.isOne();
	}

	@Test
	void aThousandConcurrentReportsLeaveTheBalanceExact() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "1000.00");
		Object keyId = console.createKey(admin, operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id()).id();

		List<Integer> statuses = Flux.range(0, 1000)
			.flatMap(i -> Mono
				.fromCallable(
						() -> gateway.report(usage("bulk-" + UUID.randomUUID(), keyId, i % 2 == 0 ? "0.25" : "0.125"))
							.returnResult(String.class)
							.getStatus()
							.value())
				.subscribeOn(Schedulers.boundedElastic()), 64)
			.collectList()
			.block(Duration.ofMinutes(3));

		assertThat(statuses).hasSize(1000).containsOnly(202);
		// 500 × 0.25 + 500 × 0.125 = 187.5
		assertThat(new BigDecimal(console.balance(admin))).isEqualByComparingTo("812.5");
		assertThat(database.count(
				"select count(*) from (select balance_after, sum(amount) over (order by seq) as running "
						+ "from ledger_entries where tenant_id = :t) e where e.balance_after <> e.running",
				Map.of("t", admin.tenantId())))
			.isZero();
	}

	@Test
	void aCallAdmittedUnderOldRulesIsChargedToItsAdmittingGroup() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID admitting = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "2.0").id();
		CreatedKey key = console.createKey(admin, admitting);
		db.sql("update api_keys set group_id = null, status = 'PENDING_REASSIGNMENT' where id = :id")
			.bind("id", key.id())
			.then()
			.block(Duration.ofSeconds(10));

		Map<String, Object> report = new HashMap<>(usage("late-" + UUID.randomUUID(), key.id(), "1.00"));
		report.put("groupId", admitting.toString());
		gateway.report(report).expectStatus().isAccepted();
		assertThat(console.balance(admin)).isEqualTo("8.00");

		// Without the admitting group, an unbound key's report cannot be priced.
		gateway.report(usage("orphan-" + UUID.randomUUID(), key.id(), "1.00"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("groupId");
	}

	@Test
	void malformedReportsAreRefusedAndWriteNothing() {
		SignedIn admin = console.registerTenant("CN");
		gateway
			.report(Map.of("requestId", "bad-" + UUID.randomUUID(), "keyId", UUID.randomUUID(), "inputTokens", -1,
					"outputTokens", 0, "baseCost", "0.1"))
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_REQUEST)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("inputTokens");
		gateway.report(usage("ghost-" + UUID.randomUUID(), UUID.randomUUID(), "0.1"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("keyId");
		assertThat(database.count("select count(*) from usage_records where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isZero();
	}

}
