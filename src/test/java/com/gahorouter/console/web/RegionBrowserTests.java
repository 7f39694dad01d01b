package com.gahorouter.console.web;

import com.gahorouter.console.system.SignedIn;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenant Settings and the Change Region dialog in a real browser, and what a region
 * change does to the other pages: the live model list of another window and the API keys
 * left pending reassignment.
 */
class RegionBrowserTests extends BrowserTest {

	@Test
	void aMemberSeesTheRegionBadgeButNoChangeRegion() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);
		browser.signIn(member.email(), PASSWORD);
		browser.navigate("Tenant Settings");

		WebElement region = browser.definition("Region");
		assertThat(region.getText()).isEqualTo("🇨🇳 Mainland China");
		assertThat(region.findElement(By.className("badge")).getCssValue("color")).isEqualTo("rgba(180, 35, 24, 1)");
		assertThat(browser.hasButton("Change Region")).isFalse();
		WebElement nav = browser.driver().findElement(By.tagName("nav"));
		assertThat(nav.getText()).doesNotContain("Members", "Audit Log");
	}

	@Test
	void confirmIsDisabledWhileTheChoiceIsTheCurrentRegion() {
		SignedIn admin = console.registerTenant("CN");
		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Tenant Settings");
		browser.button("Change Region").click();

		WebElement region = browser.field("Region");
		assertThat(region.getAttribute("value")).isEqualTo("CN");
		assertThat(browser.button("Confirm Change").isEnabled()).isFalse();

		browser.select(region, "Overseas");
		browser.waitForText("Groups gained");
		browser.select(browser.field("Region"), "Mainland China");
		browser.waitForText("This is the current region");
		assertThat(browser.button("Confirm Change").isEnabled()).isFalse();
	}

	@Test
	void overseasNeedsTheAcknowledgementAndThenEveryPageShowsIt() {
		SignedIn admin = console.registerTenant("CN");
		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Tenant Settings");
		browser.button("Change Region").click();

		browser.select(browser.field("Region"), "Overseas");
		browser.waitForText("Cross-border data transfer notice.");
		WebElement confirm = browser.button("Confirm Change");
		WebElement acknowledgement = browser.fieldStartingWith("I have read");
		assertThat(confirm.isEnabled()).as("Confirm without the acknowledgement").isFalse();
		acknowledgement.click();
		assertThat(confirm.isEnabled()).isTrue();
		acknowledgement.click();
		assertThat(confirm.isEnabled()).isFalse();
		acknowledgement.click();
		confirm.click();

		browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
		browser.waitUntil(d -> browser.definition("Region").getText().equals("🌍 Overseas"));
		assertThat(browser.definition("Region").findElement(By.className("badge")).getCssValue("color"))
			.isEqualTo("rgba(21, 115, 71, 1)");
		browser.navigate("Dashboard");
		assertThat(browser.driver().findElement(By.tagName("header")).getText()).contains("Overseas");
		assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("Overseas")
			.doesNotContain("Mainland China");
	}

	@Test
	void switchingBackToMainlandChinaUpdatesAnotherWindowLiveAndLeavesKeysPendingReassignment() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		Group cn = grantedGroup("Qwen CN", "CN", admin.tenantId());
		Group overseas = grantedGroup("Claude Overseas", "OVERSEAS", admin.tenantId());
		createKey(admin, "Overseas key", overseas);
		createKey(admin, "Second overseas key", overseas);
		createKey(admin, "China key", cn);
		SignedIn member = console.addMember(admin);

		// A second window: a member watching the model list.
		String adminWindow = browser.openWindow();
		String memberWindow = browser.driver().getWindowHandle();
		try {
			browser.signIn(member.email(), PASSWORD);
			browser.navigate("Model Groups");
			browser.waitForText(overseas.name());
			assertThat(browser.text()).contains(cn.name());
			((JavascriptExecutor) browser.driver()).executeScript("window.notReloaded = true");

			browser.switchTo(adminWindow);
			browser.signIn(admin.email(), PASSWORD);
			browser.navigate("Tenant Settings");
			browser.button("Change Region").click();
			browser.select(browser.field("Region"), "Mainland China");
			browser.waitForText("Affected API keys");
			browser.waitForText("Overseas key");
			assertThat(browser.text()).contains(overseas.name(), "Second overseas key").doesNotContain("China key");
			assertThat(browser.text()).doesNotContain("Cross-border data transfer notice.");
			browser.button("Confirm Change").click();
			browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
			browser.waitForText("2 API key(s) are pending reassignment.");

			browser.switchTo(memberWindow);
			browser.waitUntil(d -> !browser.text().contains(overseas.name()));
			assertThat(browser.text()).contains(cn.name());
			assertThat(((JavascriptExecutor) browser.driver()).executeScript("return window.notReloaded"))
				.as("the list updated without a reload")
				.isEqualTo(true);
		}
		finally {
			browser.switchTo(memberWindow);
			browser.closeWindow(adminWindow);
		}

		browser.navigate("API Keys");
		WebElement pending = browser.row("Overseas key");
		assertThat(pending.getText()).contains("Pending reassignment");
		assertThat(browser.row("Second overseas key").getText()).contains("Pending reassignment");
		assertThat(browser.row("China key").getText()).contains("Active");

		browser.button("Choose a group: Overseas key").click();
		WebElement group = browser.field("Group");
		assertThat(group.getText()).contains(cn.name()).doesNotContain(overseas.name());
		browser.select(group, cn.name());
		browser.button("Save").click();
		browser.waitUntil(d -> d.findElements(By.cssSelector("dialog[open]")).isEmpty());
		browser.waitUntil(d -> browser.row("Overseas key").getText().contains("Active"));
		assertThat(browser.row("Overseas key").getText()).contains(cn.name());
		assertThat(browser.row("Second overseas key").getText()).contains("Pending reassignment");
	}

}
