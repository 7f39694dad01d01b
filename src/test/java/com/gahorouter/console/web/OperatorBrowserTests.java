package com.gahorouter.console.web;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.springframework.core.ParameterizedTypeReference;

import com.gahorouter.console.system.AvailableGroup;
import com.gahorouter.console.system.CatalogGroup;
import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's pages driven in a real browser against the real API: a model group
 * created, edited and put through its statuses, which a tenant's Model Groups page (in a
 * second window) shows by itself; a tenant's access to a group granted and blocked, and
 * its balance adjusted, from the Tenants page.
 */
class OperatorBrowserTests extends BrowserTest {

	@Test
	void aModelGroupCreatedEditedAndItsStatusChangedShowsOnTheTenantsModelGroupsPage() {
		SignedIn admin = console.registerTenant("CN");
		String name = "Operator group " + UUID.randomUUID().toString().substring(0, 6);

		String operatorWindow = browser.openWindow();
		String tenantWindow = browser.driver().getWindowHandle();
		try {
			browser.signIn(admin.email(), PASSWORD);
			browser.navigate("Model Groups");
			browser.waitForText("Live");
			((JavascriptExecutor) browser.driver()).executeScript("window.notReloaded = true");

			browser.switchTo(operatorWindow);
			browser.signIn(OperatorClient.EMAIL, OperatorClient.PASSWORD);
			browser.button("Create model group").click();
			browser.field("Name").sendKeys(name);
			browser.field("Platform").sendKeys("Operator Cloud");
			WebElement multiplier = browser.field("Rate multiplier");
			browser.retype(multiplier, "1,5");
			browser.select(browser.field("Service region"), "Mainland China");
			browser.select(browser.field("Visibility"), "Restricted");
			browser.field("Models").sendKeys("op-model-a, op-model-b");
			browser.button("Create model group").click();
			assertThat(browser.fieldError(multiplier)).contains("decimal number");
			assertThat(multiplier.getAttribute("aria-invalid")).isEqualTo("true");
			browser.retype(multiplier, "1.5");
			browser.button("Create model group").click();
			browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
			assertThat(browser.row(name).getText()).contains("Operator Cloud", "×1.5", "Mainland China", "Restricted",
					"op-model-a, op-model-b", "Active");
			CatalogGroup created = catalogGroup(name);
			assertThat(created.models()).containsExactly("op-model-a", "op-model-b");
			assertThat(created.visibility()).isEqualTo("RESTRICTED");
			grant(admin.tenantId(), created.id(), "GRANTED");

			browser.switchTo(tenantWindow);
			browser.waitUntil(d -> browser.row(name).getText().contains("×1.5"));
			assertThat(browser.row(name).getText()).contains("Operator Cloud", "Active");

			// Edited: the tenant's page shows the new multiplier.
			browser.switchTo(operatorWindow);
			browser.button("Edit: " + name).click();
			assertThat(browser.field("Rate multiplier").getAttribute("value")).isEqualTo("1.5");
			assertThat(browser.field("Models").getAttribute("value")).isEqualTo("op-model-a, op-model-b");
			browser.retype(browser.field("Rate multiplier"), "1.8");
			browser.retype(browser.field("Models"), "op-model-a, op-model-c");
			browser.button("Save").click();
			browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
			browser.waitUntil(d -> browser.row(name).getText().contains("×1.8"));
			assertThat(browser.row(name).getText()).contains("op-model-a, op-model-c");
			assertThat(catalogGroup(name).rateMultiplier()).isEqualTo("1.8");

			browser.switchTo(tenantWindow);
			browser.waitUntil(d -> browser.row(name).getText().contains("×1.8"));

			// Maintenance: still listed, marked so; Disabled: gone from the tenant's
			// list.
			browser.switchTo(operatorWindow);
			browser.select(statusOf(name), "Maintenance");
			browser.waitUntil(d -> "MAINTENANCE".equals(catalogGroup(name).status()));
			browser.switchTo(tenantWindow);
			browser.waitUntil(d -> browser.row(name).getText().contains("Maintenance"));
			assertThat(available(admin)).filteredOn(g -> g.name().equals(name))
				.singleElement()
				.satisfies(g -> assertThat(g.status()).isEqualTo("MAINTENANCE"));

			browser.switchTo(operatorWindow);
			browser.select(statusOf(name), "Disabled");
			browser.waitUntil(d -> browser.row(name).getText().contains("Disabled"));
			browser.switchTo(tenantWindow);
			browser.waitUntil(d -> !browser.text().contains(name));
			assertThat(available(admin)).noneMatch(g -> g.name().equals(name));
			assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.notReloaded"))
				.as("the tenant's list updated without a reload")
				.isEqualTo(true);
		}
		finally {
			browser.switchTo(tenantWindow);
			browser.closeWindow(operatorWindow);
		}
	}

	@Test
	void theTenantsPageGrantsAndBlocksAGroupAndAdjustsTheBalance() {
		String tenantName = "Managed " + UUID.randomUUID().toString().substring(0, 6);
		Map<String, Object> registration = ConsoleClient.registration(uniqueEmail("managed"), "CN");
		registration.put("tenantName", tenantName);
		console.register(registration).expectStatus().isCreated();
		SignedIn admin = console.login((String) registration.get("email"), PASSWORD);
		UUID restricted = operator
			.createGroup(Map.of("name", "Granted group " + UUID.randomUUID().toString().substring(0, 6), "platform",
					"Operator Cloud", "rateMultiplier", "1.0", "serviceRegion", "CN", "visibility", "RESTRICTED",
					"status", "ACTIVE", "models", List.of("model-a")))
			.id();
		String groupName = catalogGroup(restricted).name();
		assertThat(console.modelGroupIds(admin)).doesNotContain(restricted);

		browser.signIn(OperatorClient.EMAIL, OperatorClient.PASSWORD);
		browser.navigate("Tenants");
		assertThat(browser.row(tenantName).getText()).contains("Mainland China", "0.00");
		browser.button("Manage: " + tenantName).click();
		assertThat(browser.text()).contains("Balance 0.00");

		// Granted: the tenant may use the restricted group; blocked: it may not.
		browser.select(browser.field("Model group"), groupName);
		browser.select(browser.field("Access"), "Granted");
		browser.button("Set access").click();
		browser.waitForText("Access saved");
		browser.waitUntil(d -> console.modelGroupIds(admin).contains(restricted));
		browser.select(browser.field("Access"), "Blocked");
		browser.button("Set access").click();
		browser.waitUntil(d -> !console.modelGroupIds(admin).contains(restricted));

		// A bad amount and a missing reason beside their fields, then the adjustment.
		WebElement amount = browser.field("Amount");
		amount.sendKeys("twelve");
		browser.button("Adjust balance").click();
		assertThat(browser.fieldError(amount)).contains("decimal");
		WebElement reason = browser.field("Reason");
		assertThat(browser.fieldError(reason)).contains("blank");
		browser.retype(amount, "12.34");
		reason.sendKeys("Goodwill credit");
		browser.button("Adjust balance").click();
		browser.waitForText("Adjusted. The balance is now 12.34.");
		assertThat(browser.text()).contains("Balance 12.34");
		assertThat(console.balance(admin)).isEqualTo("12.34");
		browser.retype(browser.field("Amount"), "-2.34");
		browser.field("Reason").sendKeys("Correction");
		browser.button("Adjust balance").click();
		browser.waitForText("Adjusted. The balance is now 10.00.");
		assertThat(console.balance(admin)).isEqualTo("10.00");
		browser.button("Close").click();
		browser.waitUntil(d -> browser.row(tenantName).getText().contains("10.00"));

		// The tenant's Billing page shows the operator's adjustments.
		browser.signOutQuietly();
		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Billing");
		browser.waitUntil(d -> browser.rows("Ledger").size() == 2);
		assertThat(browser.rows("Ledger").get(0)).contains("Adjustment", "-2.34", "10.00");
		assertThat(browser.rows("Ledger").get(1)).contains("Adjustment", "12.34");
	}

	/** The status select of a group's row on the operator's Model Groups page. */
	private WebElement statusOf(String name) {
		return browser.waitUntil(
				d -> d.findElement(By.xpath("//select[@aria-label=" + Browser.literal("Status: " + name) + "]")));
	}

	private CatalogGroup catalogGroup(String name) {
		return catalog().stream().filter(g -> g.name().equals(name)).findFirst().orElseThrow();
	}

	private CatalogGroup catalogGroup(UUID id) {
		return catalog().stream().filter(g -> g.id().equals(id)).findFirst().orElseThrow();
	}

	private List<CatalogGroup> catalog() {
		return operator.get("/api/admin/model-groups")
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<CatalogGroup>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private List<AvailableGroup> available(SignedIn user) {
		return console.modelGroups(user);
	}

}
