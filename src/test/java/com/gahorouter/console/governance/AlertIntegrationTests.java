package com.gahorouter.console.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.alert.Alerts;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.GovernanceClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;
import com.sun.net.httpserver.HttpServer;

import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.json.JsonMapper;

class AlertIntegrationTests extends IntegrationTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private GovernanceClient governance;

	@Autowired
	private TestDatabase database;

	@Autowired
	private Alerts alerts;

	@Autowired
	private TransactionalOperator transaction;

	private final JsonMapper json = JsonMapper.builder().build();

	private HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/** How many of the next requests the local webhook answers 500. */
	private final AtomicInteger failuresLeft = new AtomicInteger();

	@BeforeEach
	void startWebhookReceiver() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/hook", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestHeaders().getFirst("X-Timestamp"),
					exchange.getRequestHeaders().getFirst("X-Signature"), body));
			int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.start();
	}

	@AfterEach
	void stopWebhookReceiver() {
		server.stop(0);
	}

	@Test
	void aLowBalanceCrossingIsDeliveredOnceByMailAndBySignedWebhookAndReArms() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "100.00");
		Map<String, Object> saved = putAlerts(admin, "50.00", hookUrl());
		String secret = (String) saved.get("webhookSecret");
		assertThat(secret).isNotBlank();
		assertThat(saved).containsEntry("lowBalanceThreshold", "50.00")
			.containsEntry("keyBudgetThresholds", List.of(80, 100))
			.containsEntry("webhookUrl", hookUrl());
		assertThat(console.getJson(admin, "/api/tenant/alerts")).doesNotContainKey("webhookSecret")
			.containsEntry("lowBalanceThreshold", "50.00");

		operator.adjustBalance(admin.tenantId(), "-60.00");
		// Written in the adjustment's transaction: one mail (one admin) and one webhook.
		assertThat(database.count("select count(*) from alert_deliveries where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isEqualTo(2);

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(deliveries(admin))
				.allSatisfy(d -> assertThat(d.get("status")).as(d.toString()).isEqualTo("DELIVERED")));
		await().atMost(WAIT).until(() -> received.size() == 1 && mailsTo(admin.email()) == 1);
		Received hook = received.get(0);
		assertThat(hook.contentType()).startsWith("application/json");
		assertThat(Math.abs(Long.parseLong(hook.timestamp()) - Instant.now().getEpochSecond())).isLessThan(60);
		assertThat(hook.signature()).isEqualTo(hmac(secret, hook.timestamp() + "." + hook.text()));
		Map<String, Object> event = json.readValue(hook.body(), Map.class);
		assertThat(event).containsEntry("type", "LOW_BALANCE")
			.containsEntry("tenantId", admin.tenantId().toString())
			.containsEntry("keyId", null)
			.containsEntry("threshold", "50.00")
			.containsEntry("value", "40.00")
			.containsKeys("id", "occurredAt");
		await().atMost(WAIT).until(() -> deliveries(admin).stream().allMatch(d -> "DELIVERED".equals(d.get("status"))));
		assertThat(deliveries(admin)).hasSize(2)
			.extracting(d -> d.get("channel"), d -> d.get("type"), d -> d.get("attempts"), d -> d.get("value"))
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("EMAIL", "LOW_BALANCE", 1, "40.00"),
					org.assertj.core.groups.Tuple.tuple("WEBHOOK", "LOW_BALANCE", 1, "40.00"));
		assertThat(deliveries(admin).get(0).get("id")).isEqualTo(event.get("id"));

		// Still below: no new crossing.
		operator.adjustBalance(admin.tenantId(), "-10.00");
		assertThat(database.count("select count(*) from alert_deliveries where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isEqualTo(2);

		// Back above re-arms; the next fall is a crossing again.
		operator.adjustBalance(admin.tenantId(), "50.00");
		operator.adjustBalance(admin.tenantId(), "-40.00");
		await().atMost(WAIT).until(() -> received.size() == 2 && mailsTo(admin.email()) == 2);
		assertThat(json.readValue(received.get(1).body(), Map.class)).containsEntry("value", "40.00");
		assertThat(deliveries(admin)).hasSize(4);
	}

	@Test
	void aFailingWebhookIsRetriedWithBackoffAndAUsageChargeCrossesToo() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		UUID key = console.createKey(admin, group).id();
		putAlerts(admin, "5", hookUrl());
		failuresLeft.set(2);

		gateway.reportAt(key, Instant.now(), 10, 10, "6.00");

		await().atMost(WAIT).until(() -> deliveries(admin).stream().allMatch(d -> "DELIVERED".equals(d.get("status"))));
		assertThat(received).hasSize(3);
		assertThat(received).extracting(Received::text).containsOnly(received.get(0).text());
		assertThat(deliveries(admin)).filteredOn(d -> "WEBHOOK".equals(d.get("channel")))
			.singleElement()
			.satisfies(d -> assertThat(d).containsEntry("attempts", 3)
				.containsEntry("value", "4.00")
				.containsEntry("threshold", "5.00"));
		assertThat(mailsTo(admin.email())).isEqualTo(1);
	}

	@Test
	void keyBudgetCrossingsAreQueuedOncePerPercentageCrossed() {
		SignedIn admin = console.registerTenant("CN");
		putAlerts(admin, null, hookUrl());
		UUID key = UUID.randomUUID();
		BigDecimal limit = new BigDecimal("10.00");

		alerts.keySpendCrossed(admin.tenantId(), key, limit, new BigDecimal("7.00"), new BigDecimal("10.50"))
			.as(transaction::transactional)
			.block(WAIT);
		alerts.keySpendCrossed(admin.tenantId(), key, limit, new BigDecimal("10.50"), new BigDecimal("12.00"))
			.as(transaction::transactional)
			.block(WAIT);

		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(deliveries(admin)).hasSize(4)
				.allSatisfy(d -> assertThat(d).containsEntry("status", "DELIVERED")
					.containsEntry("type", "KEY_BUDGET")
					.containsEntry("keyId", key.toString())
					.containsEntry("value", "10.50")));
		assertThat(deliveries(admin)).extracting(d -> d.get("threshold"))
			.containsExactlyInAnyOrder("80.00", "80.00", "100.00", "100.00");
		assertThat(received).hasSize(2);
	}

	@Test
	void settingsAreValidatedAuditedAndForTheAdminOnly() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);
		assertThat(console.getJson(admin, "/api/tenant/alerts")).containsEntry("lowBalanceThreshold", null)
			.containsEntry("keyBudgetThresholds", List.of())
			.containsEntry("webhookUrl", null);

		Map<String, Object> insecure = new HashMap<>(Map.of("webhookUrl", "http://example.com/hook"));
		governance.putAlerts(admin, insecure)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("webhookUrl");
		governance.putAlerts(admin, Map.of("lowBalanceThreshold", "-1", "keyBudgetThresholds", List.of(0)))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors.length()")
			.isEqualTo(2)
			// A list element is named as a client names it (the console shows it beside
			// its field).
			.jsonPath("$.errors[0].field")
			.isEqualTo("keyBudgetThresholds[0]");
		governance.putAlerts(member, Map.of("lowBalanceThreshold", "1")).expectStatus().isForbidden();
		assertThat(database.count("select count(*) from alert_settings where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isZero();

		String first = (String) putAlerts(admin, "1", hookUrl()).get("webhookSecret");
		assertThat(putAlerts(admin, "2", hookUrl())).containsEntry("webhookSecret", null);
		String changed = (String) putAlerts(admin, "2", hookUrl() + "?v=2").get("webhookSecret");
		assertThat(changed).isNotBlank().isNotEqualTo(first);
		assertThat(governance.auditLog(admin, "action=ALERTS_UPDATED")).hasSize(3)
			.allSatisfy(e -> assertThat(e.get("summary").toString()).doesNotContain(first).doesNotContain(changed));
	}

	private Map<String, Object> putAlerts(SignedIn admin, String threshold, String url) {
		Map<String, Object> body = new HashMap<>();
		body.put("lowBalanceThreshold", threshold);
		body.put("keyBudgetThresholds", List.of(100, 80));
		body.put("webhookUrl", url);
		Map<String, Object> answer = governance.putAlerts(admin, body)
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> withSecret = new HashMap<>(answer);
		withSecret.putIfAbsent("webhookSecret", null);
		return withSecret;
	}

	private List<Map<String, Object>> deliveries(SignedIn admin) {
		return governance.getList(admin, "/api/tenant/alerts/deliveries");
	}

	private String hookUrl() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
	}

	private static long mailsTo(String email) {
		return Arrays.stream(MAIL.getReceivedMessages()).filter(message -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch(address -> address.toString().equalsIgnoreCase(email))
						&& ((MimeMessage) message).getSubject().contains("low balance");
			}
			catch (jakarta.mail.MessagingException e) {
				throw new IllegalStateException(e);
			}
		}).count();
	}

	private static String hmac(String secret, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private record Received(String contentType, String timestamp, String signature, byte[] body) {

		String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

	}

}
