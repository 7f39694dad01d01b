package com.gahorouter.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.GovernanceClient;
import com.gahorouter.console.system.KeyCheck;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.sun.net.httpserver.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governance pages in a real browser against the real API: key policies edited and
 * shown in the key list (a bad address shown beside its field), rotation (the new secret
 * shown once, the old one still accepted by the key check during the grace period), the
 * tenant admin's and the operator's audit logs with their filters, the alert settings
 * (the webhook's signing secret shown once, the deliveries of a crossing) and the usage
 * export downloaded by Chromium.
 */
class GovernanceBrowserTests extends BrowserTest {

	private static final Path SHOTS = ConsolePagesBrowserTests.SHOTS;

	private static final String CSV_HEADER = "hour,group_id,group_name,key_id,key_name,requests,input_tokens,output_tokens,cost";

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private GovernanceClient governance;

	@Test
	void editingAKeysPoliciesShowsThemInTheKeyListAndABadAddressBesideItsField() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		Group group = grantedGroup("Policy group", "OVERSEAS", admin.tenantId());
		CreatedKey key = console.createKey(admin, "Policy key", group.id());
		operator.adjustBalance(admin.tenantId(), "10.00");
		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("API Keys");
		assertThat(browser.row("Policy key").getText()).contains("None");

		browser.button("Edit: Policy key").click();
		browser.disclose("Policies (optional)");
		browser.field("Allowed IPs").sendKeys("203.0.113.7, 10.0.0.0/33");
		browser.field("Spend limit").sendKeys("25");
		browser.select(browser.field("Spend limit period"), "monthly");
		browser.field("Requests per minute").sendKeys("60");
		browser.field("Tokens per minute").sendKeys("100000");
		browser.setValue(browser.field("Expires at"), "2030-01-31T12:00");
		browser.button("Save").click();

		WebElement ips = browser.field("Allowed IPs");
		assertThat(browser.fieldError(ips)).startsWith("10.0.0.0/33: ")
			.contains("must be an IPv4 or IPv6 address or CIDR");
		assertThat(ips.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(console.keys(admin)).singleElement().satisfies(k -> assertThat(k.get("spendLimit")).isNull());
		browser.screenshot(SHOTS.resolve("api-key-policies.png"));

		browser.retype(ips, "203.0.113.7, 10.1.2.3/8");
		browser.button("Save").click();
		browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
		String row = browser.waitUntil(d -> {
			String text = browser.row("Policy key").getText();
			return text.contains("RPM") ? text : null;
		});
		assertThat(row).contains("expires", "2030", "0.00 / 25.00 monthly", "resets", "IPs 203.0.113.7, 10.0.0.0/8",
				"60 RPM", "100,000 TPM");
		assertThat(console.keys(admin)).singleElement()
			.satisfies(k -> assertThat(k).containsEntry("spendLimit", "25.00")
				.containsEntry("spendLimitPeriod", "MONTHLY")
				.containsEntry("allowedIps", List.of("203.0.113.7", "10.0.0.0/8"))
				.containsEntry("rateLimit", Map.of("rpm", 60, "tpm", 100000))
				.containsEntry("expiresAt", "2030-01-31T12:00:00Z"));

		// What the page saved is what the gateway enforces.
		Map<String, Object> allowed = gateway.checkKey(key.key(), "10.20.30.40");
		assertThat(allowed).containsEntry("allowed", true)
			.containsEntry("limits", Map.of("rpm", 60, "tpm", 100000))
			.containsEntry("expiresAt", "2030-01-31T12:00:00Z");
		assertThat(gateway.checkKey(key.key(), "198.51.100.1")).containsEntry("reason", "IP_NOT_ALLOWED");

		// The dialog shows the saved policies; a bad rate is shown beside its field; an
		// emptied field clears its policy.
		browser.button("Edit: Policy key").click();
		assertThat(browser.field("Spend limit").getAttribute("value")).isEqualTo("25.00");
		assertThat(browser.field("Expires at").getAttribute("value")).isEqualTo("2030-01-31T12:00");
		WebElement rpm = browser.field("Requests per minute");
		browser.retype(rpm, "0");
		browser.button("Save").click();
		assertThat(browser.fieldError(rpm)).contains("positive integer");
		rpm.clear();
		browser.field("Tokens per minute").clear();
		browser.button("Save").click();
		browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
		browser.waitUntil(d -> !browser.row("Policy key").getText().contains("RPM"));
		assertThat(browser.row("Policy key").getText()).contains("25.00 monthly");
		assertThat(console.keys(admin)).singleElement().satisfies(k -> assertThat(k.get("rateLimit")).isNull());
	}

	@Test
	void rotatingAKeyShowsTheNewSecretOnceAndTheOldOneWorksDuringTheGracePeriod() {
		SignedIn admin = console.registerTenant("CN");
		Group group = grantedGroup("Rotation group", "CN", admin.tenantId());
		CreatedKey key = console.createKey(admin, "Rotating key", group.id());
		operator.adjustBalance(admin.tenantId(), "10.00");
		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("API Keys");

		browser.button("Rotate: Rotating key").click();
		WebElement grace = browser.field("Grace period (hours)");
		browser.retype(grace, "200");
		browser.button("Rotate").click();
		assertThat(browser.fieldError(grace)).contains("168");
		browser.retype(grace, "2");
		browser.button("Rotate").click();

		String rotated = browser.field("Your new API key").getAttribute("value");
		assertThat(rotated).startsWith("gk-").isNotEqualTo(key.key());
		assertThat(browser.hasButton("Copy")).isTrue();
		assertThat(browser.text()).contains("The previous secret works until");
		browser.screenshot(SHOTS.resolve("api-key-rotated.png"));
		browser.button("Done").click();
		browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
		browser.waitUntil(d -> browser.row("Rotating key").getText().contains(rotated.substring(0, 8)));
		assertThat(browser.driver().getPageSource()).as("the new secret is shown once").doesNotContain(rotated);

		KeyCheck old = gateway.checkKey(key.key());
		KeyCheck fresh = gateway.checkKey(rotated);
		assertThat(old.allowed()).as("the old secret during the grace period").isTrue();
		assertThat(fresh.allowed()).isTrue();
		assertThat(fresh.keyId()).isEqualTo(old.keyId()).isEqualTo(key.id());
		assertThat(governance.auditLog(admin, "action=API_KEY_ROTATED")).singleElement()
			.satisfies(e -> assertThat(e.get("summary").toString()).contains(rotated.substring(0, 8)));
	}

	@Test
	void theAuditLogListsWhatWasJustDoneFiltersByActionAndIsNotForMembers() {
		SignedIn admin = console.registerTenant("CN");
		Group group = grantedGroup("Audited group", "CN", admin.tenantId());
		CreatedKey key = console.createKey(admin, "Audited key", group.id());
		console.rotateKey(admin, key.id(), Map.of("gracePeriodHours", 0)).expectStatus().isCreated();
		console.revokeKey(admin, key.id());
		SignedIn member = console.addMember(admin);

		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Audit Log");
		browser.waitForText("API key rotated");
		assertThat(browser.text()).contains("API key created", "API key revoked", "Member added", "Signed in",
				"Added member " + member.email());
		assertThat(browser.row("Rotated key Audited key").getText()).contains(admin.email());
		browser.screenshot(SHOTS.resolve("audit-log.png"));

		browser.select(browser.field("Action"), "API key rotated");
		browser.button("Apply").click();
		browser.waitUntil(d -> auditActions().equals(List.of("API key rotated")));

		browser.select(browser.field("Language"), "简体中文");
		browser.waitForText("轮换 API 密钥");
		assertThat(browser.hasButton("应用")).isTrue();
		assertThat(browser.field("操作").isDisplayed()).isTrue();
		browser.select(browser.field("语言"), "English");
		browser.waitForText("API key created");

		browser.signOutQuietly();
		browser.signIn(member.email(), PASSWORD);
		assertThat(browser.driver().findElement(By.tagName("nav")).getText()).doesNotContain("Audit Log");
		browser.open("/audit-log");
		browser.waitUntil(d -> d.getCurrentUrl().endsWith("/dashboard"));
		assertThat(browser.text()).doesNotContain("API key rotated");
	}

	@Test
	void theAuditLogFiltersByWhoActed() {
		SignedIn admin = console.registerTenant("CN");
		Group group = grantedGroup("Actor group", "CN", admin.tenantId());
		console.createKey(admin, "Admin's key", group.id());
		SignedIn member = console.addMember(admin);
		console.createKey(member, "Member's key", group.id());

		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Audit Log");
		browser.waitForText("Member added");
		WebElement actor = browser.field("Actor");
		assertThat(new Select(actor).getOptions()).extracting(WebElement::getText)
			.containsExactly("Everyone", admin.email(), member.email());

		browser.select(actor, member.email());
		browser.button("Apply").click();
		browser.waitUntil(d -> auditColumn(3).equals(List.of(member.email())));
		assertThat(auditColumn(2)).containsExactlyInAnyOrder("Signed in", "API key created");
		assertThat(governance.auditLog(admin, "actorId=" + member.userId())).hasSize(2);

		browser.select(browser.field("Actor"), "Everyone");
		browser.button("Apply").click();
		browser.waitUntil(d -> auditColumn(3).size() > 1);
		assertThat(auditColumn(3)).contains(admin.email(), member.email());
		assertThat(auditColumn(2)).contains("Member added", "API key created", "Signed in");
	}

	@Test
	void alertSettingsShowTheSigningSecretOnceAndTheDeliveriesOfACrossing() throws Exception {
		List<Delivery> received = new CopyOnWriteArrayList<>();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/hook", exchange -> {
			try (InputStream body = exchange.getRequestBody()) {
				received.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Timestamp"),
						exchange.getRequestHeaders().getFirst("X-Signature"),
						new String(body.readAllBytes(), StandardCharsets.UTF_8)));
			}
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		try {
			String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
			SignedIn admin = console.registerTenant("CN");
			operator.adjustBalance(admin.tenantId(), "20.00");
			browser.signIn(admin.email(), PASSWORD);
			browser.navigate("Tenant Settings");
			browser.waitForText("No alerts sent yet.");

			browser.field("Low balance threshold").sendKeys("15");
			browser.field("Key budget thresholds (%)").sendKeys("80, 100");
			WebElement url = browser.field("Webhook URL");
			url.sendKeys("http://example.com/hook");
			browser.button("Save alerts").click();
			assertThat(browser.fieldError(url)).contains("https://");

			browser.retype(url, hook);
			browser.button("Save alerts").click();
			WebElement secretField = browser.field("Webhook signing secret (shown once)");
			String secret = secretField.getAttribute("value");
			assertThat(secret).isNotBlank();
			assertThat(browser.hasButton("Copy")).isTrue();
			browser.waitForText("Alert settings saved.");
			assertThat(console.getJson(admin, "/api/tenant/alerts")).containsEntry("lowBalanceThreshold", "15.00")
				.containsEntry("keyBudgetThresholds", List.of(80, 100))
				.containsEntry("webhookUrl", hook);

			// Saved again unchanged: the secret is not shown again.
			browser.button("Save alerts").click();
			browser.waitUntil(
					d -> d.findElements(By.xpath("//label[normalize-space(.)='Webhook signing secret (shown once)']"))
						.isEmpty());

			// The balance falls below the threshold: one mail, one signed webhook.
			operator.adjustBalance(admin.tenantId(), "-10.00");
			browser.waitUntil(d -> received.isEmpty() ? null : true);
			Delivery webhook = received.get(0);
			assertThat(webhook.signature()).as("signed with the secret the page showed")
				.isEqualTo(hmac(secret, webhook.timestamp() + "." + webhook.body()));
			assertThat(webhook.body()).contains("LOW_BALANCE");
			browser.waitUntil(d -> governance.getList(admin, "/api/tenant/alerts/deliveries")
				.stream()
				.filter(x -> "DELIVERED".equals(x.get("status")))
				.count() == 2);

			browser.navigate("Dashboard");
			browser.navigate("Tenant Settings");
			assertThat(browser.row("Webhook").getText()).contains("Low balance", "15.00", "10.00", "Delivered");
			assertThat(browser.row("Email").getText()).contains("Low balance", "Delivered");
			assertThat(browser.field("Webhook URL").getAttribute("value")).isEqualTo(hook);
			assertThat(browser.text()).doesNotContain(secret);
			((JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()",
					browser.row("Webhook"));
			browser.screenshot(SHOTS.resolve("alerts.png"));
		}
		finally {
			receiver.stop(0);
		}
	}

	@Test
	void theUsageExportDownloadsTheCsvWithItsHeaderRow() throws IOException {
		SignedIn admin = console.registerTenant("CN");
		Group group = grantedGroup("Exported group", "CN", admin.tenantId());
		CreatedKey key = console.createKey(admin, "Exported key", group.id());
		operator.adjustBalance(admin.tenantId(), "50.00");
		Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
		gateway.reportAt(key.id(), hour.plus(5, ChronoUnit.MINUTES), 1200, 300, "0.50");
		gateway.reportAt(key.id(), hour.plus(9, ChronoUnit.MINUTES), 800, 100, "0.25");
		Path downloads = Path.of("target", "browser-downloads", UUID.randomUUID().toString());
		browser.downloadsTo(downloads);

		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Usage");
		browser.waitForText(group.name());
		browser.consoleErrors();
		browser.button("Export CSV").click();

		Path file = browser.waitUntil(d -> {
			try (Stream<Path> files = Files.list(downloads)) {
				return files.filter(f -> f.getFileName().toString().endsWith(".csv")).findFirst().orElse(null);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		assertThat(file.getFileName().toString()).matches("usage-\\d{8}T\\d{4}Z-\\d{8}T\\d{4}Z\\.csv");
		List<String> lines = browser.waitUntil(d -> {
			try {
				List<String> read = Files.readAllLines(file);
				return read.size() >= 2 ? read : null;
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		assertThat(lines.get(0)).isEqualTo(CSV_HEADER);
		assertThat(lines).hasSize(2);
		assertThat(lines.get(1)).isEqualTo(String.join(",", hour.toString(), group.id().toString(), group.name(),
				key.id().toString(), "Exported key", "2", "2000", "400", "0.750000"));
		assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
	}

	@Test
	void theOperatorsAuditLogFiltersByTenant() {
		String firstName = "Audited First " + UUID.randomUUID().toString().substring(0, 6);
		SignedIn first = registerTenant(firstName);
		SignedIn second = registerTenant("Audited Second " + UUID.randomUUID().toString().substring(0, 6));
		operator.adjustBalance(first.tenantId(), "12.00");
		operator.adjustBalance(second.tenantId(), "7.00");

		browser.signIn(OperatorClient.EMAIL, OperatorClient.PASSWORD);
		browser.navigate("Tenants");
		browser
			.waitUntil(
					d -> d.findElement(By.xpath("//a[@aria-label=" + Browser.literal("Audit Log: " + firstName) + "]")))
			.click();
		browser.waitUntil(d -> d.findElements(By.xpath("//main//h1[normalize-space(.)='Audit Log']")).size() == 1);
		assertThat(browser.field("Tenant id").getAttribute("value")).isEqualTo(first.tenantId().toString());
		browser.waitForText("Balance adjusted by 12.00");
		assertThat(browser.text()).doesNotContain("Balance adjusted by 7.00", second.email());
		assertThat(browser.driver().findElements(By.xpath("//main//table//tbody/tr/td/a[@title]"))).isNotEmpty()
			.allSatisfy(a -> assertThat(a.getAttribute("title")).isEqualTo(first.tenantId().toString()));
		browser.screenshot(SHOTS.resolve("operator-audit-log.png"));

		browser.select(browser.field("Action"), "Balance adjusted");
		browser.button("Apply").click();
		browser.waitUntil(d -> auditActions().equals(List.of("Balance adjusted")));

		WebElement tenant = browser.field("Tenant id");
		browser.retype(tenant, "not-a-tenant");
		browser.button("Apply").click();
		assertThat(browser.fieldError(tenant)).contains("UUID");
		assertThat(tenant.getAttribute("aria-invalid")).isEqualTo("true");
	}

	/** A new CN tenant named {@code name} (on the operator's Tenants page). */
	private SignedIn registerTenant(String name) {
		Map<String, Object> registration = ConsoleClient.registration(uniqueEmail("admin"), "CN");
		registration.put("tenantName", name);
		console.register(registration).expectStatus().isCreated();
		return console.login((String) registration.get("email"), PASSWORD);
	}

	/** The Action column of the audit table, one per row. */
	private List<String> auditActions() {
		return auditColumn(2);
	}

	/** The distinct texts of a column of the audit table (2: Action, 3: By). */
	private List<String> auditColumn(int column) {
		return browser.driver()
			.findElements(By.xpath("//main//table//tbody/tr/td[" + column + "]"))
			.stream()
			.map(WebElement::getText)
			.distinct()
			.toList();
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

	/** One webhook POST as the receiver saw it. */
	private record Delivery(String timestamp, String signature, String body) {
	}

}
