package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;

import reactor.core.publisher.Mono;

/**
 * {@code GET /v3/api-docs} is an OpenAPI 3 document of exactly the routes the application
 * registers: every (method, path) of every {@link RouterFunction} bean is documented, and
 * nothing documented is unrouted.
 */
class OpenApiIntegrationTests extends IntegrationTest {

	private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
			"trace");

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}]*}");

	private static final Pattern REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/([^\"]+)\"");

	@Autowired
	private ApplicationContext context;

	@Test
	void documentIsOpenApi3AsJson() {
		Map<String, Object> document = fetchDocument();
		assertThat((String) document.get("openapi")).startsWith("3.");
		assertThat(document).containsKeys("info", "paths", "components");
	}

	@Test
	void everyRegisteredRouteIsDocumentedAndNothingElse() {
		Set<String> routed = registeredRoutes();
		Set<String> documented = documentedRoutes(fetchDocument());

		assertThat(routed).as("routes the application registers").isNotEmpty();
		Set<String> undocumented = new TreeSet<>(routed);
		undocumented.removeAll(documented);
		Set<String> unrouted = new TreeSet<>(documented);
		unrouted.removeAll(routed);
		SoftAssertions.assertSoftly(softly -> {
			softly.assertThat(undocumented).as("routes missing from the OpenAPI document").isEmpty();
			softly.assertThat(unrouted).as("documented routes that the application does not register").isEmpty();
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyOperationIsDescribedAndUniquelyNamed() {
		Map<String, Object> paths = (Map<String, Object>) fetchDocument().get("paths");
		Set<String> operationIds = new TreeSet<>();
		paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, value) -> {
			if (!HTTP_METHODS.contains(method)) {
				return;
			}
			Map<String, Object> operation = (Map<String, Object>) value;
			String where = method.toUpperCase(Locale.ROOT) + " " + path;
			assertThat(operation).as(where).containsKeys("operationId", "summary", "tags", "responses");
			assertThat(operationIds.add((String) operation.get("operationId"))).as("unique operationId of " + where)
				.isTrue();
			assertThat(((Map<String, Object>) operation.get("responses")).keySet()).as("responses of " + where)
				.anyMatch(status -> status.startsWith("2"));
		}));
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyReferenceResolves() {
		String json = web.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Map<String, Object> document = fetchDocument();
		Matcher refs = REF.matcher(json);
		int count = 0;
		while (refs.find()) {
			Object node = document;
			for (String segment : refs.group(1).split("/")) {
				node = node instanceof Map<?, ?> map ? map.get(segment) : null;
			}
			assertThat(node).as("#/" + refs.group(1)).isNotNull();
			count++;
		}
		assertThat(count).isPositive();
	}

	@Test
	void yamlIsServedToo() {
		// The document is larger than the test client's default in-memory limit (64 KiB).
		web.mutate()
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build()
			.get()
			.uri("/v3/api-docs.yaml")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.parseMediaType("application/yaml"))
			.expectBody(String.class)
			.value(yaml -> assertThat(yaml).contains("openapi: 3."));
	}

	private Map<String, Object> fetchDocument() {
		return web.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	@SuppressWarnings("unchecked")
	private static Set<String> documentedRoutes(Map<String, Object> document) {
		Set<String> routes = new TreeSet<>();
		((Map<String, Object>) document.get("paths")).forEach((path, item) -> ((Map<String, Object>) item).keySet()
			.stream()
			.filter(HTTP_METHODS::contains)
			.forEach(method -> routes.add(route(method, path))));
		return routes;
	}

	/**
	 * Every (method, path) of every RouterFunction bean, read with the router and
	 * predicate visitors.
	 */
	private Set<String> registeredRoutes() {
		RouteCollector collector = new RouteCollector();
		for (RouterFunction<?> router : context.getBeansOfType(RouterFunction.class).values()) {
			router.accept(collector);
		}
		assertThat(collector.unreadable).as("routes the visitor cannot read").isEmpty();
		return collector.routes;
	}

	/**
	 * "GET /api/x/{}": the method upper-cased and path variables reduced to {} (their
	 * names may differ).
	 */
	private static String route(String method, String path) {
		return method.toUpperCase(Locale.ROOT) + " " + PATH_VARIABLE.matcher(path).replaceAll("{}");
	}

	private static final class RouteCollector implements RouterFunctions.Visitor {

		final Set<String> routes = new TreeSet<>();

		final List<String> unreadable = new ArrayList<>();

		private final Deque<String> prefixes = new ArrayDeque<>();

		@Override
		public void startNested(RequestPredicate predicate) {
			PredicateParts parts = PredicateParts.of(predicate);
			prefixes.push(currentPrefix() + String.join("", parts.paths));
		}

		@Override
		public void endNested(RequestPredicate predicate) {
			prefixes.pop();
		}

		@Override
		public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
			PredicateParts parts = PredicateParts.of(predicate);
			if (parts.methods.isEmpty() || parts.paths.size() != 1) {
				unreadable.add(predicate.toString());
				return;
			}
			for (HttpMethod method : parts.methods) {
				routes.add(OpenApiIntegrationTests.route(method.name(), currentPrefix() + parts.paths.get(0)));
			}
		}

		@Override
		public void resources(Function<ServerRequest, Mono<Resource>> lookupFunction) {
			unreadable.add("resources " + lookupFunction);
		}

		@Override
		public void attributes(Map<String, Object> attributes) {
		}

		@Override
		public void unknown(RouterFunction<?> routerFunction) {
			unreadable.add("router " + routerFunction);
		}

		private String currentPrefix() {
			return prefixes.isEmpty() ? "" : prefixes.peek();
		}

	}

	/**
	 * The methods and path patterns of one predicate; other conditions (headers, lambdas)
	 * do not matter here.
	 */
	private static final class PredicateParts implements RequestPredicates.Visitor {

		final Set<HttpMethod> methods = new LinkedHashSet<>();

		final List<String> paths = new ArrayList<>();

		static PredicateParts of(RequestPredicate predicate) {
			PredicateParts parts = new PredicateParts();
			predicate.accept(parts);
			return parts;
		}

		@Override
		public void method(Set<HttpMethod> methods) {
			this.methods.addAll(methods);
		}

		@Override
		public void path(String pattern) {
			paths.add(pattern);
		}

		@Override
		public void pathExtension(String extension) {
		}

		@Override
		public void header(String name, String value) {
		}

		@Override
		public void queryParam(String name, String value) {
		}

		@Override
		public void version(String version) {
		}

		@Override
		public void startAnd() {
		}

		@Override
		public void and() {
		}

		@Override
		public void endAnd() {
		}

		@Override
		public void startOr() {
		}

		@Override
		public void or() {
		}

		@Override
		public void endOr() {
		}

		@Override
		public void startNegate() {
		}

		@Override
		public void endNegate() {
		}

		@Override
		public void unknown(RequestPredicate predicate) {
		}

	}

}
