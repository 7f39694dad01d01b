package com.gahorouter.console.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.IntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP: which paths answer the console's page, with which Content-Security-Policy,
 * and which are left alone.
 */
class ConsolePagesIntegrationTests extends IntegrationTest {

	@ParameterizedTest
	@ValueSource(strings = { "/", "/register", "/sign-in", "/invitations/some-token", "/keys", "/settings",
			"/operator/tenants" })
	void consolePathsAnswerThePageWithAStrictPolicy(String path) {
		web.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.value("Content-Security-Policy",
					policy -> assertThat(policy)
						.contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'",
								"object-src 'none'")
						.doesNotContain("unsafe-inline", "unsafe-eval", "cloudflare"))
			.expectBody(String.class)
			.value(html -> assertThat(html).contains("<script type=\"module\" src=\"/js/main.js\"></script>")
				.doesNotContain("<script>", "style=\""));
	}

	@Test
	void withTheTurnstileWidgetThePolicyAllowsCloudflareOnly() {
		// This context verifies tokens but has no site key, so the page shows no widget
		// and needs no other origin.
		assertThat(ConsolePages.contentSecurityPolicy(true))
			.contains("script-src 'self' https://challenges.cloudflare.com;",
					"frame-src https://challenges.cloudflare.com;")
			.doesNotContain("unsafe-inline", "*");
		assertThat(ConsolePages.contentSecurityPolicy(false)).contains("script-src 'self';", "frame-src 'none'");
	}

	@Test
	void theApiIsNotShadowed() {
		web.get()
			.uri("/api/no-such-thing")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		web.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON);
		web.get().uri("/no-such-page").exchange().expectStatus().isNotFound();
		web.post().uri("/register").exchange().expectStatus().is4xxClientError();
	}

	@Test
	void theConsoleFilesAndItsWebJarAreServed() {
		web.get()
			.uri("/js/main.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
		web.get()
			.uri("/i18n/zh-CN.json")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value(json -> assertThat(json).contains("\"settings.confirmChange\""));
		web.get()
			.uri("/webjars/chart.js/dist/chart.umd.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
	}

}
