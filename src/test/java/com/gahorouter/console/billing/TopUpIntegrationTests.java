package com.gahorouter.console.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class TopUpIntegrationTests extends IntegrationTest {

	/** The test profile's gahorouter.billing.webhook-secret. */
	private static final String WEBHOOK_SECRET = "webhook-test-secret-0123456789abcdefghijklmn";

	private static final int CONCURRENT_REPLAYS = 16;

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Autowired
	private TopUpService topUps;

	@Autowired
	private PaymentProviders providers;

	@Test
	void aSandboxTopUpIsPaidAndCreditedAtOnce() {
		SignedIn admin = console.registerTenant("CN");

		Map<String, Object> order = console.topUp(admin, Map.of("amount", "100.00"))
			.expectStatus()
			.isCreated()
			.expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();

		assertThat(order).containsEntry("amount", "100.00")
			.containsEntry("status", "PAID")
			.containsEntry("paymentUrl", null);
		String orderId = (String) order.get("id");
		web.get()
			.uri("/api/billing/balance")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo("100.00");
		web.get()
			.uri("/api/billing/ledger")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].kind")
			.isEqualTo("TOP_UP")
			.jsonPath("$[0].amount")
			.isEqualTo("100.00")
			.jsonPath("$[0].balanceAfter")
			.isEqualTo("100.00")
			.jsonPath("$[0].reference")
			.isEqualTo(orderId);
		assertThat(database.count(
				"select count(*) from top_up_orders where id = :id and tenant_id = :tenant "
						+ "and provider = 'sandbox' and status = 'PAID' and paid_at is not null and amount = 100.00",
				Map.of("id", UUID.fromString(orderId), "tenant", admin.tenantId())))
			.isOne();
	}

	@Test
	void onlyTheTenantAdminTopsUp() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn member = console.addMember(admin);
		SignedIn operator = console.login("operator@gahorouter.test", OperatorClient.PASSWORD);

		for (SignedIn user : List.of(member, operator)) {
			console.topUp(user, Map.of("amount", "10.00"))
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("FORBIDDEN");
		}
		assertThat(database.count("select count(*) from top_up_orders where tenant_id = :id",
				Map.of("id", admin.tenantId())))
			.isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "0.99", "0", "-10.00", "100000.01", "1000000", "1.001", "12.5.0", "ten", "", " " })
	void amountsOutsideTheLimitsAreRefusedNamingAmount(String amount) {
		SignedIn admin = console.registerTenant("CN");

		console.topUp(admin, Map.of("amount", amount))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("amount");
		assertThat(database.count("select count(*) from top_up_orders where tenant_id = :id",
				Map.of("id", admin.tenantId())))
			.isZero();
	}

	@Test
	void aMissingAmountIsRefusedNamingAmount() {
		SignedIn admin = console.registerTenant("CN");

		console.topUp(admin, new HashMap<>())
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("amount");
	}

	@Test
	void theLimitsThemselvesAndJsonNumbersAreAccepted() {
		SignedIn admin = console.registerTenant("CN");

		console.topUp(admin, Map.of("amount", "1.00"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.amount")
			.isEqualTo("1.00");
		console.topUp(admin, Map.of("amount", "100000"))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.amount")
			.isEqualTo("100000.00");
		console.topUp(admin, Map.of("amount", new BigDecimal("2.5")))
			.expectStatus()
			.isCreated()
			.expectBody()
			.jsonPath("$.amount")
			.isEqualTo("2.50");
		web.get()
			.uri("/api/billing/balance")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo("100003.50");
	}

	@Test
	void aSignedWebhookCreditsTheOrderOnceHoweverOftenItIsReplayed() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		TopUpOrder order = placeExternalOrder(admin, "250.00");
		assertThat(order.status()).isEqualTo(TopUpStatus.PENDING);
		assertThat(order.paymentUrl()).isEqualTo("https://pay.example.test/checkout?orderId=" + order.id());
		assertThat(console.balance(admin)).isEqualTo("0.00");

		byte[] body = event(order.id(), "PAID", "evt-1", "250.00");
		for (int i = 0; i < 5; i++) {
			webhook("external", body, sign(body)).expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.id")
				.isEqualTo(order.id().toString())
				.jsonPath("$.status")
				.isEqualTo("PAID")
				.jsonPath("$.amount")
				.isEqualTo("250.00");
		}

		assertThat(console.balance(admin)).isEqualTo("250.00");
		assertThat(database.count(
				"select count(*) from ledger_entries where tenant_id = :id and kind = 'TOP_UP' "
						+ "and reference = :order and amount = 250.00",
				Map.of("id", admin.tenantId(), "order", order.id().toString())))
			.isOne();
		assertThat(database.count("select count(*) from ledger_entries where tenant_id = :id",
				Map.of("id", admin.tenantId())))
			.isOne();
	}

	@Test
	void concurrentReplaysOfAWebhookCreditOnce() {
		SignedIn admin = console.registerTenant("CN");
		TopUpOrder order = placeExternalOrder(admin, "99.99");
		byte[] body = event(order.id(), "PAID", "evt-race", "99.99");
		String signature = sign(body);

		List<Integer> statuses = Flux.range(0, CONCURRENT_REPLAYS)
			.flatMap(i -> Mono
				.fromCallable(() -> webhook("external", body, signature).returnResult(String.class).getStatus().value())
				.subscribeOn(Schedulers.boundedElastic()))
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(statuses).hasSize(CONCURRENT_REPLAYS).containsOnly(200);
		assertThat(console.balance(admin)).isEqualTo("99.99");
		assertThat(database.count("select count(*) from ledger_entries where tenant_id = :id",
				Map.of("id", admin.tenantId())))
			.isOne();
	}

	@Test
	void aBadOrMissingSignatureIsRefusedAndWritesNothing() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		TopUpOrder order = placeExternalOrder(admin, "40.00");
		byte[] body = event(order.id(), "PAID", "evt-forged", "40.00");
		byte[] otherBody = event(order.id(), "PAID", "evt-other", "40.00");
		String wrongKey = HexFormat.of().formatHex(hmac("not the secret", body));

		for (String signature : new String[] { null, "", "zz-not-hex", sign(otherBody), wrongKey,
				sign(body).substring(2) }) {
			webhook("external", body, signature).expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("INVALID_SIGNATURE");
		}
		// The signature covers the raw bytes: the same JSON with other spacing is another
		// body.
		byte[] respaced = new String(body, StandardCharsets.UTF_8).replace(":", ": ").getBytes(StandardCharsets.UTF_8);
		webhook("external", respaced, sign(body)).expectStatus().isUnauthorized();

		assertThat(database.count(
				"select count(*) from top_up_orders where id = :id and status = 'PENDING' and paid_at is null",
				Map.of("id", order.id())))
			.isOne();
		assertThat(database.count("select count(*) from ledger_entries where tenant_id = :id",
				Map.of("id", admin.tenantId())))
			.isZero();
		assertThat(console.balance(admin)).isEqualTo("0.00");
		// Upper-case hex is the same signature.
		webhook("external", body, sign(body).toUpperCase()).expectStatus().isOk();
	}

	@Test
	void unknownProvidersAndOrdersAreNotFound() {
		SignedIn admin = console.registerTenant("CN");
		byte[] unknownOrder = event(UUID.randomUUID(), "PAID", "evt-unknown", "1.00");

		webhook("external", unknownOrder, sign(unknownOrder)).expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		webhook("nobody-pays", unknownOrder, sign(unknownOrder)).expectStatus().isNotFound();
		// The sandbox pays at once: it has no webhooks, even for its own orders.
		String sandboxOrder = (String) console.topUp(admin, Map.of("amount", "5.00"))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		byte[] sandboxEvent = event(UUID.fromString(sandboxOrder), "FAILED", "evt-sandbox", "5.00");
		webhook("sandbox", sandboxEvent, sign(sandboxEvent)).expectStatus().isNotFound();
		assertThat(console.balance(admin)).isEqualTo("5.00");
	}

	@Test
	void malformedWebhookBodiesWithAGoodSignatureAreBadRequests() {
		byte[] notJson = "paid!".getBytes(StandardCharsets.UTF_8);
		webhook("external", notJson, sign(notJson)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST");
		byte[] noOrder = ("{\"status\":\"PAID\",\"amount\":\"1.00\",\"timestamp\":\"" + Instant.now() + "\"}")
			.getBytes(StandardCharsets.UTF_8);
		webhook("external", noOrder, sign(noOrder)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("orderId");
		byte[] pending = event(UUID.randomUUID(), "PENDING", "evt-pending", "1.00");
		webhook("external", pending, sign(pending)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("status");
	}

	@Test
	void aFailedPaymentIsFinalAndNeverCredited() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		TopUpOrder order = placeExternalOrder(admin, "70.00");

		byte[] failed = event(order.id(), "FAILED", "evt-failed", "70.00");
		webhook("external", failed, sign(failed)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("FAILED");
		byte[] paid = event(order.id(), "PAID", "evt-late", "70.00");
		webhook("external", paid, sign(paid)).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("FAILED");

		assertThat(console.balance(admin)).isEqualTo("0.00");
		assertThat(database.count(
				"select count(*) from top_up_orders where id = :id and status = 'FAILED' and paid_at is null",
				Map.of("id", order.id())))
			.isOne();
	}

	@ParameterizedTest
	@ValueSource(strings = { "250.01", "2500.00", "0.00", "-250.00" })
	void aWebhookWhoseAmountDiffersFromTheOrderIsRefusedAndCreditsNothing(String amount) {
		SignedIn admin = console.registerTenant("OVERSEAS");
		TopUpOrder order = placeExternalOrder(admin, "250.00");
		byte[] body = event(order.id(), "PAID", "evt-amount", amount);

		webhook("external", body, sign(body)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("amount");

		assertNothingCredited(admin, order);
		// The same amount written otherwise is the same amount.
		byte[] sameAmount = event(order.id(), "PAID", "evt-amount-ok", "250");
		webhook("external", sameAmount, sign(sameAmount)).expectStatus().isOk();
		assertThat(console.balance(admin)).isEqualTo("250.00");
	}

	@ParameterizedTest
	@ValueSource(longs = { -301, 301, -86_400, 86_400 })
	void aWebhookTimestampMoreThanFiveMinutesAwayIsRefusedAndCreditsNothing(long secondsAway) {
		SignedIn admin = console.registerTenant("CN");
		TopUpOrder order = placeExternalOrder(admin, "30.00");
		byte[] body = event(order.id(), "PAID", "evt-stale", "30.00", Instant.now().plusSeconds(secondsAway));

		webhook("external", body, sign(body)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("timestamp");

		assertNothingCredited(admin, order);
	}

	@Test
	void aWebhookWithoutAmountOrTimestampIsRefusedAndCreditsNothing() {
		SignedIn admin = console.registerTenant("CN");
		TopUpOrder order = placeExternalOrder(admin, "30.00");
		byte[] noAmount = ("{\"orderId\":\"" + order.id() + "\",\"status\":\"PAID\",\"timestamp\":\"" + Instant.now()
				+ "\"}")
			.getBytes(StandardCharsets.UTF_8);
		byte[] noTimestamp = ("{\"orderId\":\"" + order.id() + "\",\"status\":\"PAID\",\"amount\":\"30.00\"}")
			.getBytes(StandardCharsets.UTF_8);

		webhook("external", noAmount, sign(noAmount)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("amount");
		webhook("external", noTimestamp, sign(noTimestamp)).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("timestamp");

		assertNothingCredited(admin, order);
	}

	private void assertNothingCredited(SignedIn admin, TopUpOrder order) {
		assertThat(console.balance(admin)).isEqualTo("0.00");
		assertThat(database.count(
				"select count(*) from top_up_orders where id = :id and status = 'PENDING' and paid_at is null",
				Map.of("id", order.id())))
			.isOne();
		assertThat(database.count("select count(*) from ledger_entries where tenant_id = :id",
				Map.of("id", admin.tenantId())))
			.isZero();
	}

	private TopUpOrder placeExternalOrder(SignedIn admin, String amount) {
		PaymentProvider external = providers.named(ExternalPaymentProvider.NAME).orElseThrow();
		return topUps.topUp(admin.tenantId(), new TopUpRequest(amount), external).block(Duration.ofSeconds(10));
	}

	private WebTestClient.ResponseSpec webhook(String provider, byte[] body, String signature) {
		return web.post().uri("/api/billing/webhooks/{provider}", provider).headers(h -> {
			if (signature != null) {
				h.set("X-Signature", signature);
			}
		}).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/**
	 * A webhook body as the contract signs it: the order, its outcome, the order's amount
	 * and the time of the event (now).
	 */
	private static byte[] event(UUID orderId, String status, String eventId, String amount) {
		return event(orderId, status, eventId, amount, Instant.now());
	}

	private static byte[] event(UUID orderId, String status, String eventId, String amount, Instant timestamp) {
		return ("{\"orderId\":\"" + orderId + "\",\"status\":\"" + status + "\",\"amount\":\"" + amount
				+ "\",\"timestamp\":\"" + timestamp + "\",\"eventId\":\"" + eventId + "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static String sign(byte[] body) {
		return HexFormat.of().formatHex(hmac(WEBHOOK_SECRET, body));
	}

	private static byte[] hmac(String secret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return mac.doFinal(body);
		}
		catch (java.security.GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

}
