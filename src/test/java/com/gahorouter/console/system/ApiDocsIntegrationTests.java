package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * {@code GET /docs} is Swagger UI over {@code /v3/api-docs}: a page without inline script
 * under a strict Content-Security-Policy, whose every script and style is served, and
 * that points Swagger UI at the served document.
 */
class ApiDocsIntegrationTests extends IntegrationTest {

	private static final Pattern SCRIPT = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL);

	private static final Pattern SOURCE = Pattern.compile("(?:src|href)=\"(/docs/[^\"]+)\"");

	@Test
	void thePageHasNoInlineScriptAndAStrictPolicy() {
		String page = page();
		Matcher scripts = SCRIPT.matcher(page);
		int count = 0;
		while (scripts.find()) {
			assertThat(scripts.group(1)).as("every script is a file").contains("src=\"/docs/");
			assertThat(scripts.group(2)).as("no inline script").isBlank();
			count++;
		}
		assertThat(count).isEqualTo(3);
		assertThat(page).doesNotContainPattern("\\son[a-z]+=").doesNotContain("javascript:");
		web.get()
			.uri("/docs")
			.exchange()
			.expectHeader()
			.valueEquals("Content-Security-Policy", ApiDocsRoutes.CONTENT_SECURITY_POLICY);
		assertThat(ApiDocsRoutes.CONTENT_SECURITY_POLICY).contains("script-src 'self';")
			.doesNotContain("unsafe-eval")
			.contains("frame-ancestors 'none'");
	}

	@Test
	void everyFileThePageLoadsIsServed() {
		List<String> files = new ArrayList<>();
		Matcher sources = SOURCE.matcher(page());
		while (sources.find()) {
			files.add(sources.group(1));
		}
		assertThat(files).contains("/docs/swagger-ui-bundle.js", "/docs/swagger-ui-standalone-preset.js",
				"/docs/docs-initializer.js", "/docs/swagger-ui.css");
		var client = web.mutate().codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
		for (String file : files) {
			byte[] body = client.get()
				.uri(file)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Content-Type-Options", "nosniff")
				.expectBody(byte[].class)
				.returnResult()
				.getResponseBody();
			assertThat(body).as(file).isNotEmpty();
		}
		web.get()
			.uri("/docs/swagger-ui-bundle.js")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/javascript"));
		web.get()
			.uri("/docs/swagger-ui.css")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("text/css"));
	}

	@Test
	void theInitializerPointsSwaggerUiAtTheServedDocument() {
		String initializer = web.get()
			.uri("/docs/docs-initializer.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(initializer).contains("url: '/v3/api-docs'").contains("SwaggerUIBundle(");
		web.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
	}

	@Test
	void otherFilesAreNotServed() {
		for (String file : List.of("/docs/index.html", "/docs/swagger-initializer.js", "/docs/oauth2-redirect.html",
				"/docs/application.yaml")) {
			web.get().uri(file).exchange().expectStatus().isNotFound();
		}
		web.get().uri("/docs/..%2Fapplication.yaml").exchange().expectStatus().is4xxClientError();
	}

	private String page() {
		return web.get()
			.uri("/docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
