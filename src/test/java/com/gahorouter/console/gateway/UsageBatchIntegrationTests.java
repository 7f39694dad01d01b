package com.gahorouter.console.gateway;

import static com.gahorouter.console.system.GatewayClient.usage;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;
import com.gahorouter.console.usage.UsageIngestion;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /internal/usage/batch} and the group commit behind both usage endpoints:
 * one outcome per report in order, rejections that affect no other report, replays that
 * charge nothing, exact balances and ledgers under concurrent overlapping batches mixed
 * with single reports, and a stop in the middle that loses nothing.
 */
class UsageBatchIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private TestDatabase database;

	@Autowired
	private UsageIngestion ingestion;

	@Test
	void aBatchAnswersOneOutcomePerReportInOrderAndARejectedReportAffectsNoOther() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		Object keyId = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "2.0").id()).id();
		String replayed = "replayed-" + UUID.randomUUID();
		gateway.report(usage(replayed, keyId, "0.50")).expectStatus().isAccepted();

		Map<String, Object> wrongType = new HashMap<>(usage("wrong-type-" + UUID.randomUUID(), keyId, "0.10"));
		wrongType.put("inputTokens", "many");
		Map<String, Object> negative = new HashMap<>(usage("negative-" + UUID.randomUUID(), keyId, "0.10"));
		negative.put("outputTokens", -1);
		List<Map<String, Object>> reports = List.of(usage("first-" + UUID.randomUUID(), keyId, "0.25"),
				usage("unknown-key-" + UUID.randomUUID(), UUID.randomUUID(), "0.25"), wrongType, negative,
				usage(replayed, keyId, "0.50"), usage("last-" + UUID.randomUUID(), keyId, "0.125"));

		List<Map<String, Object>> results = batch(reports);

		assertThat(results).extracting(result -> result.get("outcome"))
			.containsExactly("RECORDED", "REJECTED", "REJECTED", "REJECTED", "DUPLICATE", "RECORDED");
		assertThat(results).extracting(result -> result.get("requestId"))
			.containsExactlyElementsOf(reports.stream().map(report -> report.get("requestId")).toList());
		assertThat(results.get(1)).containsEntry("code", "VALIDATION_FAILED")
			.containsEntry("detail", "keyId: is not a known key");
		assertThat(results.get(2)).containsEntry("code", "MALFORMED_REQUEST");
		assertThat(results.get(3)).containsEntry("code", "VALIDATION_FAILED");
		assertThat(results.get(0)).doesNotContainKeys("code", "detail");
		// 10 - 2 × (0.50 + 0.25 + 0.125)
		assertThat(console.balance(admin)).isEqualTo("8.25");
		assertThat(database.count("select count(*) from usage_records where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isEqualTo(3);
		assertThat(database.count("select count(*) from ledger_entries where tenant_id = :t and kind = 'USAGE'",
				Map.of("t", admin.tenantId())))
			.isEqualTo(3);
	}

	@Test
	void aBatchOfNoneOrOfMoreThanAThousandReportsIsRefusedWhole() {
		SignedIn admin = console.registerTenant("CN");
		Object keyId = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id()).id();
		List<Map<String, Object>> tooMany = new ArrayList<>();
		for (int i = 0; i < 1001; i++) {
			tooMany.add(Map.of("requestId", "r" + i, "keyId", keyId, "inputTokens", 1, "outputTokens", 1, "baseCost",
					"0.01"));
		}

		for (Object body : List.of(Map.of("reports", List.of()), Map.of("reports", tooMany), Map.of("other", 1))) {
			postBatch(body).expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("VALIDATION_FAILED")
				.jsonPath("$.errors[0].field")
				.isEqualTo("reports");
		}
		assertThat(database.count("select count(*) from usage_records where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isZero();
	}

	@Test
	void concurrentOverlappingBatchesMixedWithSingleReportsChargeEachRequestOnceExactly() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "1000.00");
		Object keyId = console.createKey(admin, operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.5").id()).id();
		Random random = new Random(42);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			ids.add("overlap-" + UUID.randomUUID());
		}
		// Each request id always reports the same cost, so a double charge shows in the
		// sum.
		Map<String, String> costOf = new HashMap<>();
		ids.forEach(id -> costOf.put(id, random.nextBoolean() ? "0.010000" : "0.003333"));
		List<List<Map<String, Object>>> batches = new ArrayList<>();
		for (int b = 0; b < 12; b++) {
			List<Map<String, Object>> batch = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				String id = ids.get(random.nextInt(ids.size()));
				batch.add(usage(id, keyId, costOf.get(id)));
			}
			batches.add(batch);
		}
		List<String> singles = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			singles.add(ids.get(random.nextInt(ids.size())));
		}

		Flux<String> batchOutcomes = Flux.fromIterable(batches)
			.flatMap(batch -> Mono.fromCallable(() -> batch(batch)).subscribeOn(Schedulers.boundedElastic()), 8)
			.flatMapIterable(results -> results)
			.map(result -> result.get("requestId") + " " + result.get("outcome"));
		Flux<String> singleOutcomes = Flux.fromIterable(singles)
			.flatMap(id -> Mono.fromCallable(() -> id + " "
					+ gateway.report(usage(id, keyId, costOf.get(id))).returnResult(String.class).getStatus().value())
				.subscribeOn(Schedulers.boundedElastic()), 16);
		List<String> outcomes = Flux.merge(batchOutcomes, singleOutcomes).collectList().block(Duration.ofMinutes(3));

		assertThat(outcomes).hasSize(12 * 100 + 150)
			.allMatch(outcome -> outcome.endsWith(" RECORDED") || outcome.endsWith(" DUPLICATE")
					|| outcome.endsWith(" 202"));
		Set<String> reported = new HashSet<>();
		batches.forEach(batch -> batch.forEach(report -> reported.add((String) report.get("requestId"))));
		reported.addAll(singles);
		long recorded = outcomes.stream().filter(outcome -> outcome.endsWith(" RECORDED")).count();
		assertThat(recorded).isLessThanOrEqualTo(reported.size());
		assertThat(database.count("select count(*) from usage_records where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isEqualTo(reported.size());
		BigDecimal charged = reported.stream()
			.map(id -> new BigDecimal(costOf.get(id)).multiply(new BigDecimal("1.5")).setScale(6, RoundingMode.HALF_UP))
			.reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(new BigDecimal(console.balance(admin)))
			.isEqualByComparingTo(new BigDecimal("1000.00").subtract(charged));
		assertLedgerIsOneRunningSum(admin);
	}

	@Test
	void stoppingInTheMiddleWritesWhatWasAcceptedAndRefusesTheRestWhole() throws InterruptedException {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "100.00");
		Object keyId = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id()).id();
		CountDownLatch stopped = new CountDownLatch(1);
		List<String> outcomes;
		try {
			outcomes = Flux.range(0, 300).flatMap(i -> Mono.fromCallable(() -> {
				if (i == 100) {
					ingestion.stop(stopped::countDown);
				}
				String id = "stop-" + i + "-" + UUID.randomUUID();
				return id + " "
						+ gateway.report(usage(id, keyId, "0.10")).returnResult(String.class).getStatus().value();
			}).subscribeOn(Schedulers.boundedElastic()), 32).collectList().block(Duration.ofMinutes(2));
			assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			ingestion.start();
		}

		List<String> accepted = outcomes.stream().filter(o -> o.endsWith(" 202")).map(o -> o.split(" ")[0]).toList();
		List<String> refused = outcomes.stream().filter(o -> o.endsWith(" 503")).map(o -> o.split(" ")[0]).toList();
		assertThat(accepted.size() + refused.size()).isEqualTo(300);
		assertThat(refused).isNotEmpty();
		assertThat(database.count("select count(*) from usage_records where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isEqualTo(accepted.size());
		for (String id : refused.subList(0, Math.min(20, refused.size()))) {
			assertThat(database.count("select count(*) from ledger_entries where reference = :r", Map.of("r", id)))
				.isZero();
		}
		assertThat(new BigDecimal(console.balance(admin))).isEqualByComparingTo(new BigDecimal("100.00")
			.subtract(new BigDecimal("0.10").multiply(BigDecimal.valueOf(accepted.size()))));
		assertLedgerIsOneRunningSum(admin);
	}

	private void assertLedgerIsOneRunningSum(SignedIn admin) {
		assertThat(database.count(
				"select count(*) from (select balance_after, sum(amount) over (order by seq) as running "
						+ "from ledger_entries where tenant_id = :t) e where e.balance_after <> e.running",
				Map.of("t", admin.tenantId())))
			.isZero();
		assertThat(database.count(
				"select count(*) from tenants t where t.id = :t and t.balance = "
						+ "(select balance_after from ledger_entries where tenant_id = :t order by seq desc limit 1)",
				Map.of("t", admin.tenantId())))
			.isOne();
	}

	private List<Map<String, Object>> batch(List<Map<String, Object>> reports) {
		Map<String, List<Map<String, Object>>> answer = postBatch(Map.of("reports", reports)).expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, List<Map<String, Object>>>>() {
			})
			.returnResult()
			.getResponseBody();
		return answer.get("results");
	}

	private WebTestClient.ResponseSpec postBatch(Object body) {
		return web.post()
			.uri("/internal/usage/batch")
			.headers(h -> h.setBearerAuth(GatewayClient.TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
