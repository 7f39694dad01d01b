package com.gahorouter.console.governance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.GovernanceClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;
import com.gahorouter.console.system.WebhookReceiver;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the key-budget alert tests share: a local webhook receiver per test, a tenant's
 * key with a spend limit, its alert settings (80 % and 100 %, the webhook), usage reports
 * through any replica, and counts of the outbox rows, the mails and the deliveries.
 */
abstract class KeyBudgetAlertTest extends IntegrationTest {

	private static final String BUDGET_SUBJECT = "API key budget";

	@Autowired
	protected ConsoleClient console;

	@Autowired
	protected OperatorClient operator;

	@Autowired
	protected GatewayClient gateway;

	@Autowired
	protected GovernanceClient governance;

	@Autowired
	protected TestDatabase database;

	protected final JsonMapper json = JsonMapper.builder().build();

	protected WebhookReceiver hook;

	@BeforeEach
	void startWebhookReceiver() {
		hook = WebhookReceiver.start();
	}

	@AfterEach
	void stopWebhookReceiver() {
		hook.close();
	}

	/**
	 * A key of a new CN group (rate 1.0) with this spend limit; the tenant has credit.
	 */
	protected UUID limitedKey(SignedIn admin, String limit, String period) {
		operator.adjustBalance(admin.tenantId(), "100.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		UUID key = console.createKey(admin, group).id();
		console.updateKey(admin, key, Map.of("spendLimit", limit, "spendLimitPeriod", period)).expectStatus().isOk();
		return key;
	}

	/** Key budgets at 80 % and 100 %, the local webhook; answers its secret. */
	protected String putAlerts(SignedIn admin) {
		Map<String, Object> body = new HashMap<>();
		body.put("keyBudgetThresholds", List.of(80, 100));
		body.put("webhookUrl", hook.url());
		Map<?, ?> answer = governance.putAlerts(admin, body)
			.expectStatus()
			.isOk()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody();
		return (String) answer.get("webhookSecret");
	}

	/** Reports one call through the key, now, costing {@code baseCost} (202). */
	protected static void report(WebTestClient client, UUID key, String baseCost) {
		client.post()
			.uri("/internal/usage")
			.headers(h -> h.setBearerAuth(GatewayClient.TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("requestId", "usage-" + UUID.randomUUID(), "keyId", key, "inputTokens", 10,
					"outputTokens", 10, "baseCost", baseCost, "occurredAt", Instant.now().toString()))
			.exchange()
			.expectStatus()
			.isAccepted();
	}

	/**
	 * The tenant's outbox rows; written in the usage transaction, which commits before
	 * the report is answered, so counting them needs no waiting.
	 */
	protected long outboxRows(SignedIn admin) {
		return database.count("select count(*) from alert_deliveries where tenant_id = :t",
				Map.of("t", admin.tenantId()));
	}

	/** The tenant's deliveries as its admin reads them through this client. */
	protected static List<Map<String, Object>> deliveries(WebTestClient client, SignedIn admin) {
		return client.get()
			.uri("/api/tenant/alerts/deliveries")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	protected static boolean allDelivered(List<Map<String, Object>> deliveries) {
		return deliveries.stream().allMatch(d -> "DELIVERED".equals(d.get("status")));
	}

	/** Key-budget mails received for this address. */
	protected static long budgetMailsTo(String email) {
		return Arrays.stream(MAIL.getReceivedMessages()).filter(message -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch(address -> address.toString().equalsIgnoreCase(email))
						&& ((MimeMessage) message).getSubject().contains(BUDGET_SUBJECT);
			}
			catch (MessagingException e) {
				throw new IllegalStateException(e);
			}
		}).count();
	}

	/** The webhook event's JSON fields. */
	@SuppressWarnings("unchecked")
	protected Map<String, Object> event(WebhookReceiver.Received received) {
		return json.readValue(received.body(), Map.class);
	}

	protected static String hmac(String secret, String text) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (java.security.GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

}
