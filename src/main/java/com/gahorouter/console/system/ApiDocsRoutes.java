package com.gahorouter.console.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Mono;

/**
 * {@code GET /docs}: Swagger UI (the {@code org.webjars:swagger-ui} WebJar) over the
 * served {@code /v3/api-docs}. The page and its initializer are ours
 * ({@code src/main/resources/docs/}): no inline script, so the page carries a strict
 * Content-Security-Policy ({@code script-src 'self'}; Swagger UI's inline style
 * attributes need {@code style-src 'unsafe-inline'}). {@code GET /docs/{file}} serves
 * only the few files the page loads, read once at start-up (no file I/O on an event
 * loop).
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsRoutes {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' "
			+ "'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; "
			+ "form-action 'none'; frame-ancestors 'none'";

	private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

	private static final MediaType JAVASCRIPT = MediaType.parseMediaType("text/javascript;charset=UTF-8");

	private static final MediaType CSS = MediaType.parseMediaType("text/css;charset=UTF-8");

	private record Asset(MediaType type, byte[] bytes) {
	}

	@Bean
	RouterFunction<ServerResponse> apiDocsRouter() {
		String version = swaggerUiVersion();
		Map<String, Asset> assets = new LinkedHashMap<>();
		assets.put("swagger-ui.css", new Asset(CSS, read(WEBJAR + version + "/swagger-ui.css")));
		assets.put("swagger-ui-bundle.js", new Asset(JAVASCRIPT, read(WEBJAR + version + "/swagger-ui-bundle.js")));
		assets.put("swagger-ui-standalone-preset.js",
				new Asset(JAVASCRIPT, read(WEBJAR + version + "/swagger-ui-standalone-preset.js")));
		assets.put("favicon-32x32.png", new Asset(MediaType.IMAGE_PNG, read(WEBJAR + version + "/favicon-32x32.png")));
		assets.put("docs-initializer.js", new Asset(JAVASCRIPT, read("docs/docs-initializer.js")));
		byte[] page = read("docs/index.html");
		CacheControl assetCaching = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();
		return RouterFunctions.route()
			.GET("/docs",
					request -> ServerResponse.ok()
						.contentType(MediaType.parseMediaType("text/html;charset=UTF-8"))
						.header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
						.cacheControl(CacheControl.noCache())
						.bodyValue(page))
			.GET("/docs/{file}", request -> {
				Asset asset = assets.get(request.pathVariable("file"));
				if (asset == null) {
					return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
				}
				return ServerResponse.ok()
					.contentType(asset.type())
					.cacheControl(assetCaching)
					.header("X-Content-Type-Options", "nosniff")
					.bodyValue(asset.bytes());
			})
			.build();
	}

	private static String swaggerUiVersion() {
		Properties pom = new Properties();
		try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
			.getInputStream()) {
			pom.load(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException("The swagger-ui WebJar is missing", e);
		}
		return pom.getProperty("version");
	}

	private static byte[] read(String resource) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Missing " + resource, e);
		}
	}

}
