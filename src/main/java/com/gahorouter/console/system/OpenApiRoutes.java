package com.gahorouter.console.system;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /v3/api-docs}: the OpenAPI document of every route, as JSON;
 * {@code GET /v3/api-docs.yaml}: the same document as written. The document is
 * hand-maintained in {@value #RESOURCE} (OpenApiIntegrationTests compares its paths with
 * the routes actually registered); it is read, parsed and serialised once at start-up, so
 * a request only writes bytes. Public, like everything outside {@code /api/**} (security
 * rules).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiRoutes {

	static final String RESOURCE = "openapi/gahorouter-console.yaml";

	private static final MediaType APPLICATION_YAML = MediaType.parseMediaType("application/yaml");

	@Bean
	RouterFunction<ServerResponse> openApiRouter(JsonMapper json) {
		byte[] yaml = read(RESOURCE);
		byte[] document = json.writeValueAsBytes(parse(yaml));
		return RouterFunctions.route()
			.GET("/v3/api-docs",
					request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document))
			.GET("/v3/api-docs.yaml", request -> ServerResponse.ok().contentType(APPLICATION_YAML).bodyValue(yaml))
			.build();
	}

	/**
	 * Safe loading: plain maps, lists and scalars only, whatever tags the file might
	 * carry.
	 */
	private static Map<String, Object> parse(byte[] yaml) {
		Map<String, Object> document = new Yaml(new SafeConstructor(new LoaderOptions()))
			.load(new String(yaml, StandardCharsets.UTF_8));
		if (document == null || !(document.get("openapi") instanceof String)) {
			throw new IllegalStateException(RESOURCE + " is not an OpenAPI document");
		}
		return document;
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
