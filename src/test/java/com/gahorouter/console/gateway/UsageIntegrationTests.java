package com.gahorouter.console.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class UsageIntegrationTests extends GatewaySupport {

	@Test
	void usageIsChargedAtTheGroupsMultiplierWithAUsageLedgerEntry() {
		SignedIn admin = registerTenant("CN");
		adjustBalance(admin.tenantId(), "100.00");
		UUID group = createGroup("CN", "PUBLIC", "ACTIVE", "1.5");
		Object keyId = createKey(admin, group).get("id");
		String requestId = "req-" + UUID.randomUUID();

		report(usage(requestId, keyId, "0.012345")).expectStatus().isAccepted();

		assertThat(balance(admin)).isEqualTo("99.981482");
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
		assertThat(count("select count(*) from usage_records where request_id = :r and group_id = :g "
				+ "and cost = 0.018518 and input_tokens = 1200", Map.of("r", requestId, "g", group)))
			.isOne();
		assertThat(count("select requests from usage_hourly where tenant_id = :t and group_id = :g "
				+ "and hour = '2026-11-20T10:00:00Z'", Map.of("t", admin.tenantId(), "g", group)))
			.isOne();
	}

	@Test
	void aReplayedReportIsChargedOnceEvenConcurrently() {
		SignedIn admin = registerTenant("CN");
		adjustBalance(admin.tenantId(), "10.00");
		Object keyId = createKey(admin, createGroup("CN", "PUBLIC", "ACTIVE", "1.0")).get("id");
		String requestId = "req-" + UUID.randomUUID();

		List<Integer> statuses = Flux.range(0, 12)
			.flatMap(i -> Mono
				.fromCallable(
						() -> report(usage(requestId, keyId, "1.00")).returnResult(String.class).getStatus().value())
				.subscribeOn(Schedulers.boundedElastic()), 12)
			.collectList()
			.block(Duration.ofSeconds(60));
		report(usage(requestId, keyId, "1.00")).expectStatus().isAccepted();

		assertThat(statuses).containsOnly(202);
		assertThat(balance(admin)).isEqualTo("9.00");
		assertThat(count("select count(*) from ledger_entries where reference = :r", Map.of("r", requestId))).isOne();
	}

	@Test
	void aThousandConcurrentReportsLeaveTheBalanceExact() {
		SignedIn admin = registerTenant("OVERSEAS");
		adjustBalance(admin.tenantId(), "1000.00");
		Object keyId = createKey(admin, createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0")).get("id");

		List<Integer> statuses = Flux.range(0, 1000)
			.flatMap(i -> Mono
				.fromCallable(() -> report(usage("bulk-" + UUID.randomUUID(), keyId, i % 2 == 0 ? "0.25" : "0.125"))
					.returnResult(String.class)
					.getStatus()
					.value())
				.subscribeOn(Schedulers.boundedElastic()), 64)
			.collectList()
			.block(Duration.ofMinutes(3));

		assertThat(statuses).hasSize(1000).containsOnly(202);
		// 500 × 0.25 + 500 × 0.125 = 187.5
		assertThat(new BigDecimal(balance(admin))).isEqualByComparingTo("812.5");
		assertThat(count(
				"select count(*) from (select balance_after, sum(amount) over (order by seq) as running "
						+ "from ledger_entries where tenant_id = :t) e where e.balance_after <> e.running",
				Map.of("t", admin.tenantId())))
			.isZero();
	}

	@Test
	void aCallAdmittedUnderOldRulesIsChargedToItsAdmittingGroup() {
		SignedIn admin = registerTenant("OVERSEAS");
		adjustBalance(admin.tenantId(), "10.00");
		UUID admitting = createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "2.0");
		Map<String, Object> key = createKey(admin, admitting);
		db.sql("update api_keys set group_id = null, status = 'PENDING_REASSIGNMENT' where id = :id")
			.bind("id", UUID.fromString((String) key.get("id")))
			.then()
			.block(Duration.ofSeconds(10));

		Map<String, Object> report = new HashMap<>(usage("late-" + UUID.randomUUID(), key.get("id"), "1.00"));
		report.put("groupId", admitting.toString());
		report(report).expectStatus().isAccepted();
		assertThat(balance(admin)).isEqualTo("8.00");

		// Without the admitting group, an unbound key's report cannot be priced.
		report(usage("orphan-" + UUID.randomUUID(), key.get("id"), "1.00")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("groupId");
	}

	@Test
	void malformedReportsAreRefusedAndWriteNothing() {
		SignedIn admin = registerTenant("CN");
		report(Map.of("requestId", "bad-" + UUID.randomUUID(), "keyId", UUID.randomUUID(), "inputTokens", -1,
				"outputTokens", 0, "baseCost", "0.1"))
			.expectStatus()
			.isEqualTo(HttpStatus.BAD_REQUEST)
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("inputTokens");
		report(usage("ghost-" + UUID.randomUUID(), UUID.randomUUID(), "0.1")).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("keyId");
		assertThat(count("select count(*) from usage_records where tenant_id = :t", Map.of("t", admin.tenantId())))
			.isZero();
	}

}
