package com.gahorouter.console.web;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TurnstileStub;

/**
 * Base of the console's browser tests: the real server of {@link IntegrationTest} and one
 * headless Chromium per test class. Without Chromium and chromedriver the tests are
 * skipped, saying how to install them.
 *
 * <p>
 * Turnstile stays on as in every integration test (the server verifies tokens with
 * {@link TurnstileStub}); a site key makes the registration page show its widget, and the
 * browser gets a stand-in for Cloudflare's widget script (which a test machine cannot
 * load) that hands the page the stub's passing token. Every browser test class shares
 * this one configuration, hence one application context.
 */
@ExtendWith(BrowserTest.ChromiumInstalled.class)
@TestPropertySource(properties = "gahorouter.turnstile.site-key=" + BrowserTest.SITE_KEY)
abstract class BrowserTest extends IntegrationTest {

	@Autowired
	protected ConsoleClient console;

	@Autowired
	protected OperatorClient operator;

	/** Cloudflare's documented always-passing test site key. */
	static final String SITE_KEY = "1x00000000000000000000AA";

	private static Browser shared;

	@LocalServerPort
	private int port;

	protected Browser browser;

	/**
	 * On a failure, a screenshot of the browser in target/browser-failures/ says what the
	 * page showed.
	 */
	@RegisterExtension
	final TestWatcher failureScreenshots = new TestWatcher() {
		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			if (shared != null) {
				shared.screenshot(Path.of("target", "browser-failures",
						context.getDisplayName().replaceAll("[^A-Za-z0-9]+", "") + ".png"));
			}
		}
	};

	@BeforeEach
	void browser() {
		if (shared == null) {
			shared = Browser.start("http://localhost:" + port, TurnstileStub.PASS);
		}
		browser = shared;
	}

	@AfterEach
	void signOut() {
		browser.signOutQuietly();
	}

	@AfterAll
	static void closeBrowser() {
		if (shared != null) {
			shared.close();
			shared = null;
		}
	}

	/**
	 * A restricted model group (invisible to other tests' tenants) granted to this tenant
	 * only.
	 */
	protected Group grantedGroup(String name, String serviceRegion, UUID tenantId) {
		return grantedGroup(name + " " + UUID.randomUUID().toString().substring(0, 6), "Browser test", "1.0",
				serviceRegion, tenantId);
	}

	/**
	 * As above with exactly this name (unique in the catalog), platform and multiplier.
	 */
	protected Group grantedGroup(String unique, String platform, String rateMultiplier, String serviceRegion,
			UUID tenantId) {
		UUID id = operator
			.createGroup(Map.of("name", unique, "platform", platform, "rateMultiplier", rateMultiplier, "serviceRegion",
					serviceRegion, "visibility", "RESTRICTED", "status", "ACTIVE", "models", List.of("model-a")))
			.id();
		grant(tenantId, id, "GRANTED");
		return new Group(id, unique);
	}

	protected void grant(UUID tenantId, UUID groupId, String access) {
		operator.setAccess(tenantId, groupId, access).expectStatus().isOk();
	}

	/** Creates an API key through the API and returns its id. */
	protected UUID createKey(SignedIn user, String name, Group group) {
		Map<String, Object> key = web.post()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "groupId", group.id().toString()))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		return UUID.fromString((String) key.get("id"));
	}

	/**
	 * Skips every browser test, reported one by one with how to install the browser, when
	 * Chromium or its driver is missing (an assumption in {@code @BeforeAll} would leave
	 * them out of the report altogether).
	 */
	static final class ChromiumInstalled implements ExecutionCondition {

		private static final AtomicBoolean TOLD = new AtomicBoolean();

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (Browser.installed() || context.getTestMethod().isEmpty()) {
				return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
			}
			if (TOLD.compareAndSet(false, true)) {
				System.err.println("WARNING: " + Browser.MISSING);
			}
			return ConditionEvaluationResult.disabled(Browser.MISSING);
		}

	}

	/** A model group made for one test. */
	protected record Group(UUID id, String name) {
	}

}
