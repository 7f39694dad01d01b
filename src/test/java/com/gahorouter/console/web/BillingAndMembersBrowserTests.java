package com.gahorouter.console.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.SignedIn;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant admin's Billing and Members pages driven in a real browser against the real
 * API: a top-up paid at once by the sandbox provider (balance and ledger updated), the
 * ledger's pages; a member added, invitations created, revoked and accepted through the
 * link the page shows, a member removed (their keys revoked, as the key check says), and
 * the lists' "Show more" beyond the first 50 entries.
 */
class BillingAndMembersBrowserTests extends BrowserTest {

	@Autowired
	private GatewayClient gateway;

	@Test
	void aTopUpCreditsTheBalanceAndTheLedgerPagesThroughOlderEntries() {
		SignedIn admin = console.registerTenant("CN");
		for (int i = 0; i < 20; i++) {
			operator.adjustBalance(admin.tenantId(), "1.00");
		}
		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Billing");
		browser.waitForText("20.00");

		WebElement amount = browser.field("Amount");
		amount.sendKeys("a lot");
		browser.button("Top up").click();
		assertThat(browser.fieldError(amount)).contains("decimal");
		assertThat(amount.getAttribute("aria-invalid")).isEqualTo("true");
		browser.retype(amount, "0.50");
		browser.button("Top up").click();
		String tooSmall = browser.waitUntil(d -> {
			String error = d.findElement(By.id(amount.getAttribute("id") + "-error")).getText();
			return error.contains("between") ? error : null;
		});
		assertThat(tooSmall).contains("1.00");

		browser.retype(amount, "25.50");
		browser.button("Top up").click();
		browser.waitForText("25.50 credited.");
		assertThat(amount.getAttribute("aria-invalid")).isNull();
		browser.waitUntil(d -> browser.rows("Ledger").get(0).contains("Top-up"));
		assertThat(browser.rows("Ledger").get(0)).contains("Top-up", "25.50", "45.50");
		assertThat(browser.driver().findElement(By.cssSelector("main .metrics")).getText()).contains("45.50");
		assertThat(console.balance(admin)).isEqualTo("45.50");

		// 21 entries, 20 a page: the oldest adjustment alone on page 2, and no empty page
		// after it.
		assertThat(browser.rows("Ledger")).hasSize(20);
		assertThat(browser.button("Newer").isEnabled()).isFalse();
		browser.button("Older").click();
		browser.waitForText("Page 2");
		assertThat(browser.rows("Ledger")).singleElement()
			.satisfies(row -> assertThat(row).contains("Adjustment", "1.00"));
		assertThat(browser.button("Older").isEnabled()).as("no older page").isFalse();
		browser.button("Newer").click();
		browser.waitForText("Page 1");
		browser.waitUntil(d -> browser.rows("Ledger").size() == 20);
		assertThat(browser.rows("Ledger").get(0)).contains("Top-up");
	}

	@Test
	void membersAreAddedInvitedRevokedAndRemovedWithTheirKeys() {
		SignedIn admin = console.registerTenant("CN");
		Group group = grantedGroup("Members group", "CN", admin.tenantId());
		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Members");
		browser.waitForText(admin.email());

		// Added by hand: a bad password beside its field, then the member in the list.
		String added = uniqueEmail("added");
		browser.field("Email").sendKeys(added);
		browser.field("Name").sendKeys("Ada Added");
		WebElement password = browser.field("Password");
		password.sendKeys("too short");
		browser.button("Add member").click();
		assertThat(browser.fieldError(password)).contains("12");
		browser.retype(password, PASSWORD);
		browser.button("Add member").click();
		browser.waitForText("Member added.");
		assertThat(browser.row(added).getText()).contains("Ada Added", "Member");
		SignedIn member = console.login(added, PASSWORD);
		CreatedKey key = console.createKey(member, "Member's key", group.id());

		// Two invitations by email, each link shown once; one revoked, one accepted.
		String revokedEmail = uniqueEmail("revoked");
		String token = invite(revokedEmail);
		assertThat(browser.row(revokedEmail).getText()).contains("Active", "0 / 1");
		browser.button("Revoke: " + revokedEmail).click();
		browser.waitUntil(d -> browser.row(revokedEmail).getText().contains("Revoked"));
		assertThat(browser.hasButton("Revoke: " + revokedEmail)).isFalse();
		console.acceptInvitation(token, revokedEmail).expectStatus().isEqualTo(410);

		WebElement inviteEmail = browser.field("Email (optional)");
		inviteEmail.sendKeys("not an email");
		browser.button("Create invitation").click();
		assertThat(browser.fieldError(inviteEmail)).contains("email");
		inviteEmail.clear();
		String invitedEmail = uniqueEmail("invited");
		String invitation = invite(invitedEmail);

		// Removed: the member leaves the list, their key is revoked.
		browser.button("Remove: " + added).click();
		assertThat(browser.confirm()).contains(added, "API keys are revoked");
		browser.waitUntil(d -> !browser.text().contains(added));
		assertThat(gateway.checkKey(key.key()).reason()).isEqualTo("KEY_REVOKED");
		console.get(member, "/api/me").expectStatus().isUnauthorized();
		browser.navigate("API Keys");
		assertThat(browser.row("Member's key").getText()).contains("Revoked");

		// The link the page showed makes a member.
		browser.signOutQuietly();
		browser.open("/invitations/" + invitation);
		browser.waitForText("You are invited to join");
		browser.field("Email").sendKeys(invitedEmail);
		browser.field("Name").sendKeys("Ivan Invited");
		browser.field("Password").sendKeys(PASSWORD);
		browser.button("Accept invitation").click();
		browser.waitUntil(d -> d.getCurrentUrl().endsWith("/dashboard"));
		browser.waitForText(invitedEmail);
		assertThat(memberEmails(admin)).contains(invitedEmail).doesNotContain(added);
	}

	@Test
	void membersAndInvitationsShowMoreThanTheFirstFifty() {
		SignedIn admin = console.registerTenant("CN");
		// 50 added (the hourly limit of additions) and the admin: 51 members. One at a
		// time: each addition hashes a password, and fifty at once would overflow the
		// bounded hashing queue (503 by design).
		List<String> members = IntStream.range(0, 50).mapToObj(i -> {
			String email = uniqueEmail("many" + i);
			console.tryAddMember(admin, Map.of("email", email, "name", "Member " + i, "password", PASSWORD))
				.expectStatus()
				.isCreated();
			return email;
		}).toList();
		List<String> invited = IntStream.range(0, 51).mapToObj(i -> {
			String email = uniqueEmail("link" + i);
			console.invite(admin, Map.of("email", email));
			return email;
		}).toList();

		browser.signIn(admin.email(), PASSWORD);
		browser.navigate("Members");
		browser.waitUntil(d -> browser.rows("Members").size() == 50);
		assertThat(browser.rows("Invitations")).hasSize(50);
		// Invitations are listed newest first: the first one made is on the next page.
		assertThat(browser.text()).doesNotContain(invited.get(0));

		browser.button("Show more members").click();
		browser.waitUntil(d -> browser.rows("Members").size() == 51);
		assertThat(String.join("\n", browser.rows("Members"))).contains(members).contains(admin.email());
		assertThat(browser.hasButton("Show more members")).isFalse();

		browser.button("Show more invitations").click();
		browser.waitUntil(d -> browser.rows("Invitations").size() == 51);
		assertThat(String.join("\n", browser.rows("Invitations"))).contains(invited);
		assertThat(browser.hasButton("Show more invitations")).isFalse();

		// Revoking one on the second page keeps both pages shown.
		browser.button("Revoke: " + invited.get(0)).click();
		browser.waitUntil(d -> browser.row(invited.get(0)).getText().contains("Revoked"));
		assertThat(browser.rows("Invitations")).hasSize(51);
		assertThat(browser.rows("Members")).hasSize(51);
	}

	/**
	 * Creates an invitation for {@code email} on the Members page and returns the token
	 * of the link it shows once.
	 */
	private String invite(String email) {
		String previous = shownLink();
		browser.retype(browser.field("Email (optional)"), email);
		browser.button("Create invitation").click();
		String link = browser.waitUntil(d -> {
			String shown = shownLink();
			return shown != null && !shown.equals(previous) ? shown : null;
		});
		assertThat(browser.text()).contains("Invitation created.");
		browser.waitUntil(d -> browser.text().contains(email));
		String path = URI.create(link).getPath();
		assertThat(path).startsWith("/invitations/");
		return path.substring("/invitations/".length());
	}

	/** The invitation link the page shows, if any. */
	private String shownLink() {
		return browser.driver()
			.findElements(By.xpath("//label[normalize-space(.)='Invitation link']"))
			.stream()
			.findFirst()
			.map(label -> browser.driver().findElement(By.id(label.getAttribute("for"))).getAttribute("value"))
			.orElse(null);
	}

	/** The emails of the tenant's members, through the API. */
	private List<String> memberEmails(SignedIn admin) {
		return console.get(admin, "/api/members?limit=200")
			.expectStatus()
			.isOk()
			.expectBodyList(Map.class)
			.returnResult()
			.getResponseBody()
			.stream()
			.map(m -> (String) m.get("email"))
			.toList();
	}

}
