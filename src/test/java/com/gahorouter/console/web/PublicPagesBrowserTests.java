package com.gahorouter.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.ResetCodes;
import com.gahorouter.console.system.SignedIn;

/**
 * The public pages in a real browser: registration (its agreement and field errors),
 * sign-in, the password reset with the mailed code, accepting an invitation, and the
 * language switch.
 */
class PublicPagesBrowserTests extends BrowserTest {

	private static final String AGREEMENT_MESSAGE = "Please read and agree to the User Service Agreement and Privacy Policy first.";

	@Test
	void registeringATenantSignsItsAdministratorInOnTheDashboard() {
		String email = uniqueEmail("browser");
		browser.open("/register");
		fillRegistration(email, PASSWORD);
		browser.fieldStartingWith("I have read and agree").click();
		browser.button("Create Tenant").click();

		browser.waitUntil(d -> d.getCurrentUrl().endsWith("/dashboard"));
		browser.waitForText("Available model groups");
		WebElement nav = browser.driver().findElement(By.tagName("nav"));
		for (String page : new String[] { "Dashboard", "Model Groups", "API Keys", "Usage", "Billing",
				"Tenant Settings", "Members", "Audit Log" }) {
			assertThat(nav.findElement(By.linkText(page)).isDisplayed()).as(page).isTrue();
		}
		assertThat(browser.text()).contains(email, "Browser Co", "Mainland China");
		assertThat(browser.hasButton("Sign out")).isTrue();
	}

	@Test
	void submittingWithoutTheAgreementShowsTheAgreementMessage() {
		browser.open("/register");
		fillRegistration(uniqueEmail("unchecked"), PASSWORD);
		WebElement agreement = browser.fieldStartingWith("I have read and agree");
		assertThat(agreement.isSelected()).isFalse();
		for (String name : new String[] { "User Service Agreement", "Privacy Policy" }) {
			WebElement link = browser.link(name);
			assertThat(link.getAttribute("target")).as(name + " opens in a new tab").isEqualTo("_blank");
			assertThat(link.getAttribute("href")).startsWith("https://");
		}
		browser.button("Create Tenant").click();

		browser.waitForText(AGREEMENT_MESSAGE);
		assertThat(browser.driver().getCurrentUrl()).endsWith("/register");
		assertThat(agreement.getAttribute("aria-describedby")).isNotBlank();
		WebElement message = browser.driver().findElement(By.id(agreement.getAttribute("aria-describedby")));
		assertThat(message.getText()).isEqualTo(AGREEMENT_MESSAGE);
	}

	@Test
	void fieldErrorsAreShownBesideTheirFields() {
		browser.open("/register");
		fillRegistration(uniqueEmail("short"), "too short");
		browser.fieldStartingWith("I have read and agree").click();
		browser.button("Create Tenant").click();

		WebElement password = browser.field("Password");
		WebElement error = browser.waitUntil(d -> {
			WebElement slot = d.findElement(By.id(password.getAttribute("id") + "-error"));
			return slot.getText().isBlank() ? null : slot;
		});
		assertThat(error.getText()).contains("12");
		assertThat(password.getAttribute("aria-invalid")).isEqualTo("true");
		assertThat(browser.driver().getCurrentUrl()).endsWith("/register");
	}

	@Test
	void aRegisteredUserSignsInAndOut() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		browser.signIn(admin.email(), PASSWORD);
		browser.waitUntil(d -> d.getCurrentUrl().endsWith("/dashboard"));
		assertThat(browser.text()).contains("Overseas");

		browser.button("Sign out").click();
		browser.waitUntil(d -> d.getCurrentUrl().endsWith("/sign-in"));
		assertThat(browser.link("Forgot password").isDisplayed()).isTrue();
		assertThat(browser.link("Register").isDisplayed()).isTrue();
	}

	@Test
	void theLanguageSwitchShowsSimplifiedChinese() {
		browser.open("/sign-in");
		browser.select(browser.field("Language"), "简体中文");
		browser.waitForText("忘记密码");
		assertThat(browser.hasButton("登录")).isTrue();

		browser.select(browser.field("语言"), "English");
		browser.waitForText("Forgot password");
	}

	@Test
	void aForgottenPasswordIsResetWithTheMailedCode() throws Exception {
		SignedIn admin = console.registerTenant("CN");
		browser.open("/sign-in");
		browser.link("Forgot password").click();
		browser.field("Email").sendKeys(admin.email());
		browser.button("Send code").click();
		browser.waitForText("a code is on its way");

		browser.field("Code").sendKeys(awaitCode(admin.email()));
		browser.field("New password").sendKeys("a brand new passphrase 2026");
		browser.button("Set new password").click();
		browser.waitForText("Password changed");
		browser.link("Sign in").click();
		browser.signIn(admin.email(), "a brand new passphrase 2026");
		assertThat(browser.driver().getCurrentUrl()).endsWith("/dashboard");
	}

	@Test
	void anInvitationLinkMakesAMemberWhoIsSignedInAtOnce() {
		SignedIn admin = console.registerTenant("CN");
		String email = uniqueEmail("invited");
		Map<String, Object> invitation = web.post()
			.uri("/api/invitations")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();

		browser.open("/invitations/" + invitation.get("token"));
		browser.waitForText("You are invited to join");
		browser.field("Email").sendKeys(email);
		browser.field("Name").sendKeys("Ivy Invited");
		browser.field("Password").sendKeys(PASSWORD);
		browser.button("Accept invitation").click();

		browser.waitUntil(d -> d.getCurrentUrl().endsWith("/dashboard"));
		browser.waitForText(email);
		WebElement nav = browser.driver().findElement(By.tagName("nav"));
		assertThat(nav.getText()).contains("Tenant Settings").doesNotContain("Members");
	}

	/**
	 * Waits (bounded) for the password-reset mail to {@code email} and reads its code.
	 */
	private static String awaitCode(String email) {
		return ResetCodes.awaitMailedTo(MAIL, email, Duration.ofSeconds(15));
	}

	private void fillRegistration(String email, String password) {
		browser.field("Email").sendKeys(email);
		browser.field("Password").sendKeys(password);
		browser.field("Tenant name").sendKeys("Browser Co " + email.substring(0, 6));
		browser.field("Contact name").sendKeys("Bea Browser");
		browser.field("Contact phone").sendKeys("+86 138-0013-8000");
		browser.select(browser.field("Region"), "Mainland China");
	}

}
