package com.gahorouter.console.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class LedgerIntegrationTests extends IntegrationTest {

	/**
	 * Appends in flight at once in the concurrency test: five times the connection pool,
	 * so appends queue on it.
	 */
	private static final int APPENDS_IN_FLIGHT = 100;

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private TestDatabase database;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private Ledger ledger;

	@Autowired
	private TransactionalOperator transaction;

	@Autowired
	private ChangeNotifications notifications;

	@Test
	void aNewTenantHasAZeroBalanceAndAnEmptyLedger() {
		SignedIn admin = console.registerTenant("CN");

		console.get(admin, "/api/billing/balance")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo("0.00");
		console.get(admin, "/api/billing/ledger")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(0);
	}

	@Test
	void operatorAdjustmentsMoveTheBalanceAndAppearInTheLedgerNewestFirst() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn member = console.addMember(admin);
		SignedIn operator = this.operator.signIn();

		adjust(operator, admin.tenantId(), Map.of("amount", "25.50", "reason", "  Welcome credit  ")).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.id")
			.isNotEmpty()
			.jsonPath("$.kind")
			.isEqualTo("ADJUSTMENT")
			.jsonPath("$.amount")
			.isEqualTo("25.50")
			.jsonPath("$.balanceAfter")
			.isEqualTo("25.50")
			.jsonPath("$.reference")
			.isEqualTo("Welcome credit")
			.jsonPath("$.createdAt")
			.isNotEmpty();
		// A JSON number is read from its text; the operator may take the balance below
		// zero.
		adjust(operator, admin.tenantId(), Map.of("amount", new BigDecimal("-30"), "reason", "Claw-back"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.amount")
			.isEqualTo("-30.00")
			.jsonPath("$.balanceAfter")
			.isEqualTo("-4.50");

		console.get(member, "/api/billing/balance")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo("-4.50");
		console.get(member, "/api/billing/ledger")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[0].reference")
			.isEqualTo("Claw-back")
			.jsonPath("$[0].balanceAfter")
			.isEqualTo("-4.50")
			.jsonPath("$[1].reference")
			.isEqualTo("Welcome credit")
			.jsonPath("$[1].kind")
			.isEqualTo("ADJUSTMENT");
		assertThat(database.count(
				"select count(*) from tenants t where t.id = :id and t.balance = -4.50 and t.balance = "
						+ "(select sum(amount) from ledger_entries l where l.tenant_id = t.id)",
				Map.of("id", admin.tenantId())))
			.isOne();
	}

	@Test
	void onlyTheOperatorAdjustsBalances() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);

		for (SignedIn user : List.of(admin, member)) {
			adjust(user, admin.tenantId(), Map.of("amount", "1000.00", "reason", "Free money")).expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("FORBIDDEN");
		}
		assertThat(entries(admin.tenantId())).isZero();
	}

	@Test
	void adjustingAnUnknownTenantIsNotFound() {
		SignedIn operator = this.operator.signIn();

		adjust(operator, UUID.randomUUID(), Map.of("amount", "5", "reason", "Nobody")).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		web.post()
			.uri("/api/admin/tenants/not-a-uuid/balance-adjustments")
			.headers(h -> h.setBearerAuth(operator.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("amount", "5", "reason", "Nobody"))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	static Stream<Arguments> invalidAdjustments() {
		return Stream.of(Arguments.of("amount", null), Arguments.of("amount", ""), Arguments.of("amount", "0"),
				Arguments.of("amount", "0.00"), Arguments.of("amount", "ten"), Arguments.of("amount", "1.234"),
				Arguments.of("amount", "0.001"), Arguments.of("amount", "1000000000.01"), Arguments.of("amount", "NaN"),
				Arguments.of("reason", null), Arguments.of("reason", "   "), Arguments.of("reason", "r".repeat(201)));
	}

	@ParameterizedTest
	@MethodSource("invalidAdjustments")
	void invalidAdjustmentsAreRefusedNamingTheFieldAndWriteNothing(String field, String value) {
		SignedIn admin = console.registerTenant("CN");
		SignedIn operator = this.operator.signIn();
		Map<String, Object> body = new HashMap<>(Map.of("amount", "10.00", "reason", "Valid reason"));
		body.put(field, value);

		adjust(operator, admin.tenantId(), body).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
		assertThat(entries(admin.tenantId())).isZero();
		assertThat(database.count("select count(*) from tenants where id = :id and balance = 0",
				Map.of("id", admin.tenantId())))
			.isOne();
	}

	@Test
	void aReasonOfTwoHundredCharactersAndTheLargestAmountAreAccepted() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn operator = this.operator.signIn();

		adjust(operator, admin.tenantId(), Map.of("amount", "-1000000000", "reason", "r".repeat(200))).expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.balanceAfter")
			.isEqualTo("-1000000000.00");
	}

	@Test
	void theLedgerIsPagedNewestFirstWithTheLastSeenIdAsCursor() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn other = console.registerTenant("OVERSEAS");
		for (int i = 1; i <= 7; i++) {
			append(admin.tenantId(), LedgerKind.ADJUSTMENT, new BigDecimal(i), "entry " + i);
		}
		LedgerEntry othersEntry = append(other.tenantId(), LedgerKind.ADJUSTMENT, BigDecimal.ONE, "other");

		List<Map<String, Object>> first = page(admin, "?limit=3");
		assertThat(first).extracting(e -> e.get("reference")).containsExactly("entry 7", "entry 6", "entry 5");
		List<Map<String, Object>> second = page(admin, "?limit=3&before=" + first.get(2).get("id"));
		assertThat(second).extracting(e -> e.get("reference")).containsExactly("entry 4", "entry 3", "entry 2");
		List<Map<String, Object>> last = page(admin, "?limit=3&before=" + second.get(2).get("id"));
		assertThat(last).extracting(e -> e.get("reference")).containsExactly("entry 1");
		assertThat(page(admin, "?before=" + last.get(0).get("id"))).isEmpty();
		assertThat(page(admin, "")).hasSize(7);

		for (String limit : List.of("0", "201", "-1", "many")) {
			console.get(admin, "/api/billing/ledger?limit=" + limit)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("VALIDATION_FAILED")
				.jsonPath("$.errors[0].field")
				.isEqualTo("limit");
		}
		for (String before : List.of("not-a-uuid", UUID.randomUUID().toString(), othersEntry.id().toString())) {
			console.get(admin, "/api/billing/ledger?before=" + before)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("VALIDATION_FAILED")
				.jsonPath("$.errors[0].field")
				.isEqualTo("before");
		}
		assertThat(page(admin, "?limit=200")).hasSize(7);
	}

	@Test
	void theOperatorHasNoTenantBalance() {
		SignedIn operator = this.operator.signIn();

		console.get(operator, "/api/billing/balance").expectStatus().isNotFound();
	}

	@Test
	void theDatabaseRefusesToUpdateOrDeleteLedgerEntries() {
		SignedIn admin = console.registerTenant("CN");
		LedgerEntry entry = append(admin.tenantId(), LedgerKind.ADJUSTMENT, new BigDecimal("12.34"), "original");

		assertThatThrownBy(() -> db.sql("update ledger_entries set amount = 1000, reference = 'forged' where id = :id")
			.bind("id", entry.id())
			.fetch()
			.rowsUpdated()
			.block(Duration.ofSeconds(10))).hasMessageContaining("append-only");
		assertThatThrownBy(() -> db.sql("delete from ledger_entries where id = :id")
			.bind("id", entry.id())
			.fetch()
			.rowsUpdated()
			.block(Duration.ofSeconds(10))).hasMessageContaining("append-only");
		assertThat(database.count(
				"select count(*) from ledger_entries where id = :id and amount = 12.34 and reference = 'original'",
				Map.of("id", entry.id())))
			.isOne();
	}

	@Test
	void aThousandConcurrentAppendsOnOneTenantLeaveTheBalanceExact() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		BigDecimal start = append(admin.tenantId(), LedgerKind.ADJUSTMENT, new BigDecimal("500.00"), "opening")
			.balanceAfter();
		Random random = new Random(20260101L);
		List<BigDecimal> charges = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			// Mostly usage (cents, some zero), some credits: the balance goes up and
			// down, across zero too.
			charges.add(i % 10 == 0 ? BigDecimal.valueOf(random.nextInt(1, 50_000), 2)
					: BigDecimal.valueOf(-random.nextInt(0, 10_000), 2));
		}

		List<LedgerEntry> appended = Flux.range(0, charges.size()).flatMap(i -> {
			BigDecimal amount = charges.get(i);
			LedgerKind kind = amount.signum() > 0 ? LedgerKind.ADJUSTMENT : LedgerKind.USAGE;
			return ledger.append(admin.tenantId(), kind, amount, "request-" + i).as(transaction::transactional);
		}, APPENDS_IN_FLIGHT).collectList().block(Duration.ofSeconds(120));

		BigDecimal sum = charges.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		assertThat(appended).hasSize(1000);
		assertThat(ledger.balance(admin.tenantId()).block(Duration.ofSeconds(10))).isEqualByComparingTo(start.add(sum));
		assertThat(database.count(
				"select count(*) from tenants t where t.id = :id "
						+ "and t.balance = (select sum(amount) from ledger_entries l where l.tenant_id = t.id)",
				Map.of("id", admin.tenantId())))
			.isOne();
		// In sequence order every balance_after is the previous one plus the entry's
		// amount.
		assertThat(database.count(
				"select count(*) from (select balance_after, "
						+ "sum(amount) over (order by seq rows between unbounded preceding and current row) as running "
						+ "from ledger_entries where tenant_id = :id) e where e.balance_after <> e.running",
				Map.of("id", admin.tenantId())))
			.isZero();
		assertThat(appended).allSatisfy(entry -> assertThat(entry.balanceAfter())
			.isEqualByComparingTo(entry.balanceBefore().add(entry.amount())));
	}

	@Test
	void crossingZeroIsVisibleOnTheEntryAndNotifiedOnCommit() {
		SignedIn admin = console.registerTenant("CN");
		var received = notifications.changes()
			.filter(change -> "balance".equals(change.topic()) && admin.tenantId().equals(change.id()))
			.take(2)
			.collectList()
			.toFuture();

		LedgerEntry up = append(admin.tenantId(), LedgerKind.ADJUSTMENT, new BigDecimal("5.00"), "up");
		LedgerEntry stillPositive = append(admin.tenantId(), LedgerKind.USAGE, new BigDecimal("-4.99"), "r1");
		LedgerEntry down = append(admin.tenantId(), LedgerKind.USAGE, new BigDecimal("-0.01"), "r2");
		LedgerEntry furtherDown = append(admin.tenantId(), LedgerKind.USAGE, new BigDecimal("-1.00"), "r3");

		assertThat(up.crossedZero()).isTrue();
		assertThat(stillPositive.crossedZero()).isFalse();
		assertThat(down.balanceAfter()).isEqualByComparingTo("0");
		assertThat(down.crossedZero()).isTrue();
		assertThat(furtherDown.crossedZero()).isFalse();
		assertThat(Mono.fromFuture(received).block(Duration.ofSeconds(10))).hasSize(2);
	}

	private LedgerEntry append(UUID tenantId, LedgerKind kind, BigDecimal amount, String reference) {
		return ledger.append(tenantId, kind, amount, reference)
			.as(transaction::transactional)
			.block(Duration.ofSeconds(10));
	}

	private long entries(UUID tenantId) {
		return database.count("select count(*) from ledger_entries where tenant_id = :id", Map.of("id", tenantId));
	}

	private List<Map<String, Object>> page(SignedIn user, String query) {
		return console.get(user, "/api/billing/ledger" + query)
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private WebTestClient.ResponseSpec adjust(SignedIn user, UUID tenantId, Map<String, Object> body) {
		return web.post()
			.uri("/api/admin/tenants/{id}/balance-adjustments", tenantId)
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
