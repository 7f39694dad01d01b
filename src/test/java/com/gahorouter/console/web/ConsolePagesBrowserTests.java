package com.gahorouter.console.web;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every page of the console opened in a real browser with a tenant that has data (keys,
 * usage, ledger, members, a region change), as its administrator and as the operator:
 * each page renders its heading and no error. A PNG of each goes to
 * {@code target/console-screenshots/} ({@code -Dconsole.screenshots=docs} refreshes the
 * README's).
 */
class ConsolePagesBrowserTests extends BrowserTest {

	static final Path SHOTS = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));

	@Test
	void everyTenantPageRendersWithData() {
		SignedIn admin = demoTenant();
		browser.signIn(admin.email(), PASSWORD);

		// Overseas → Mainland China through the dialog: Claude is lost, its key (used
		// today) is affected.
		browser.navigate("Tenant Settings");
		browser.button("Change Region").click();
		browser.select(browser.field("Region"), "Mainland China");
		browser.waitForText("Research assistant");
		assertThat(browser.row("Research assistant").getText()).contains("Claude", "In use");
		browser.screenshot(SHOTS.resolve("change-region-to-cn.png"));
		browser.button("Confirm Change").click();
		browser.waitForText("1 API key(s) are pending reassignment.");

		page("Dashboard", "dashboard", "Available model groups");
		page("Model Groups", "model-groups", "Live");
		page("API Keys", "api-keys", "Pending reassignment");
		page("Usage", "usage", "By model group");
		browser.waitUntil(d -> !d.findElements(By.cssSelector("canvas")).isEmpty());
		browser.screenshot(SHOTS.resolve("usage.png"));
		page("Billing", "billing", "Ledger");
		page("Members", "members", "Invitations");
		page("Tenant Settings", "tenant-settings", "Region changes");

		browser.button("Change Region").click();
		browser.select(browser.field("Region"), "Overseas");
		browser.waitForText("Cross-border data transfer notice.");
		browser.screenshot(SHOTS.resolve("change-region.png"));
		browser.button("Close").click();

		browser.navigate("API Keys");
		browser.button("Create API Key").click();
		browser.field("Name").sendKeys("Staging");
		browser.button("Create API Key").click();
		WebElement key = browser.field("Your new API key");
		assertThat(key.getAttribute("value")).startsWith("gk-");
		assertThat(browser.hasButton("Copy")).isTrue();
		browser.screenshot(SHOTS.resolve("api-key-created.png"));
		browser.button("Done").click();
		browser.waitUntil(d -> browser.row("Staging").getText().contains("Active"));

		browser.navigate("Audit Log");
		browser.waitUntil(d -> !d.findElements(By.cssSelector("main table, main .alert")).isEmpty());
		browser.navigate("Dashboard");
		browser.select(browser.field("Language"), "简体中文");
		browser.waitForText("可用模型组");
		browser.screenshot(SHOTS.resolve("dashboard-zh-CN.png"));
		browser.select(browser.field("语言"), "English");
		browser.waitForText("Available model groups");
		assertNoError();
	}

	@Test
	void theOperatorPagesRender() {
		browser.signIn(OperatorClient.EMAIL, OperatorClient.PASSWORD);
		browser.waitUntil(d -> d.getCurrentUrl().endsWith("/operator/model-groups"));
		browser.waitForText("Create model group");
		assertNoError();
		browser.screenshot(SHOTS.resolve("operator-model-groups.png"));
		browser.navigate("Tenants");
		browser.waitForText("Manage");
		assertNoError();
		browser.screenshot(SHOTS.resolve("operator-tenants.png"));
		browser.navigate("Audit Log");
		browser.waitUntil(d -> !d.findElements(By.cssSelector("main table, main .alert")).isEmpty());
		assertNoError();
	}

	@Test
	void thePublicPagesRender() {
		browser.open("/register");
		browser.waitForText("Human verification (test stand-in): passed");
		assertNoError();
		browser.screenshot(SHOTS.resolve("register.png"));
		browser.open("/sign-in");
		browser.button("Sign in");
		browser.screenshot(SHOTS.resolve("sign-in.png"));
		browser.open("/forgot-password");
		browser.button("Send code");
		browser.open("/invitations/no-such-invitation");
		browser.waitForText("This invitation has expired, was revoked or is used up.");
		assertThat(browser.consoleErrors()).as("errors in the browser's console").allMatch(e -> e.contains("410"));
	}

	private void page(String name, String file, String shows) {
		browser.navigate(name);
		browser.waitForText(shows);
		assertNoError();
		browser.screenshot(SHOTS.resolve(file + ".png"));
	}

	/**
	 * No error on the page, and none in its console (a script error or a
	 * Content-Security-Policy violation).
	 */
	private void assertNoError() {
		assertThat(browser.driver()
			.findElements(By.cssSelector(".alert-error"))
			.stream()
			.filter(WebElement::isDisplayed)
			.map(WebElement::getText)
			.toList()).isEmpty();
		assertThat(browser.consoleErrors()).as("errors in the browser's console").isEmpty();
	}

	/**
	 * A tenant like a real one, still Overseas: CN and Overseas groups, keys, five days
	 * of usage, credit, members.
	 */
	private SignedIn demoTenant() {
		Map<String, Object> registration = ConsoleClient.registration(uniqueEmail("alice"), "OVERSEAS");
		registration.put("tenantName", "Acme AI");
		registration.put("contactName", "Alice Chen");
		web.post()
			.uri("/api/auth/register")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(registration)
			.exchange()
			.expectStatus()
			.isCreated();
		SignedIn admin = console.login((String) registration.get("email"), PASSWORD);
		// Names unique in the catalog: this class runs once per JVM (fresh database).
		Group deepseek = grantedGroup("DeepSeek-V3 Smart Routing", "DeepSeek", "1.0", "CN", admin.tenantId());
		Group qwen = grantedGroup("Tongyi Qianwen", "Alibaba Cloud", "1.2", "CN", admin.tenantId());
		grantedGroup("GLM-4", "Zhipu AI", "1.1", "CN", admin.tenantId());
		Group claude = grantedGroup("Claude", "Anthropic", "2.0", "OVERSEAS", admin.tenantId());
		UUID production = createKey(admin, "Production", deepseek);
		UUID batch = createKey(admin, "Batch jobs", qwen);
		UUID research = createKey(admin, "Research assistant", claude);
		// Policies and alerts as a real tenant sets them (the screenshots show them).
		console
			.updateKey(admin, production, Map.of("spendLimit", "50", "spendLimitPeriod", "MONTHLY", "rateLimit",
					Map.of("rpm", 600, "tpm", 200000)))
			.expectStatus()
			.isOk();
		operator.adjustBalance(admin.tenantId(), "500.00");
		Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
		for (int i = 0; i < 24; i++) {
			report(production, deepseek, now.minus(i * 5L, ChronoUnit.HOURS), 1200 + i * 40, 300 + i * 9,
					"0.0" + (12 + i % 7));
			if (i % 3 == 0) {
				report(research, claude, now.minus(i * 5L + 1, ChronoUnit.HOURS), 2600, 800, "0.031");
			}
			if (i % 2 == 0) {
				report(batch, qwen, now.minus(i * 5L + 2, ChronoUnit.HOURS), 5000, 1400, "0.045");
			}
		}
		web.post()
			.uri("/api/invitations")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", uniqueEmail("carol")))
			.exchange()
			.expectStatus()
			.isCreated();
		console.addMember(admin);
		return admin;
	}

	private void report(UUID keyId, Group group, Instant at, int input, int output, String cost) {
		web.post()
			.uri("/internal/usage")
			.headers(h -> h.setBearerAuth(GatewayClient.TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("requestId", UUID.randomUUID().toString(), "keyId", keyId.toString(), "groupId",
					group.id().toString(), "inputTokens", input, "outputTokens", output, "baseCost", cost, "occurredAt",
					at.toString()))
			.exchange()
			.expectStatus()
			.isAccepted();
	}

}
