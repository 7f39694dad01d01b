package com.gahorouter.console.system;

import org.springframework.beans.factory.annotation.Autowired;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.util.UriComponents;
import org.springframework.web.util.UriComponentsBuilder;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/**
 * Real answers of the server, checked against the hand-maintained OpenAPI document
 * ({@code src/main/resources/openapi/gahorouter-console.yaml}) with
 * swagger-request-validator: every exchange of a scenario through the main routes,
 * successes and errors, must match the documented request and response (status, media
 * type, body schema), so the document cannot drift from the code.
 */
class OpenApiSchemaIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
		.createForInlineApiSpecification(
				OpenApi30.downgrade(Path.of("src/main/resources/openapi/gahorouter-console.yaml")))
		.build();

	private final List<String> violations = new ArrayList<>();

	private final Set<String> validated = new TreeSet<>();

	private boolean responsesOnly;

	@BeforeEach
	void validateEveryExchange() {
		web = web.mutate().entityExchangeResultConsumer(this::validate).build();
	}

	@Test
	void theMainRoutesAnswerAsDocumented() {
		body(web.get().uri("/api/auth/config"));
		SignedIn admin = console.registerTenant("OVERSEAS");
		body(authorized(web.get().uri("/api/me"), admin));
		body(authorized(web.get().uri("/api/tenant"), admin));
		body(authorized(web.get().uri("/api/members"), admin));
		body(authorized(web.post().uri("/api/members"), admin).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", uniqueEmail("member"), "name", "Member", "password", PASSWORD)));
		Map<String, Object> invitation = body(
				authorized(web.post().uri("/api/invitations"), admin).contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("expiresInHours", 24)));
		body(web.get().uri("/api/invitations/{token}", invitation.get("token")));
		body(authorized(web.get().uri("/api/invitations"), admin));

		UUID group = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.5").id();
		body(authorized(web.get().uri("/api/model-groups"), admin));
		body(authorized(web.get().uri("/api/admin/model-groups"), operator.token()));
		body(authorized(web.get().uri("/api/admin/tenants?page=0&size=5"), operator.token()));
		Map<String, Object> key = body(
				authorized(web.post().uri("/api/api-keys"), admin).contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("name", "Production", "groupId", group)));
		body(authorized(web.get().uri("/api/api-keys"), admin));

		body(authorized(web.post().uri("/api/admin/tenants/{id}/balance-adjustments", admin.tenantId()),
				operator.token())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("amount", "50.00", "reason", "schema test")));
		body(authorized(web.post().uri("/api/billing/top-ups"), admin).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("amount", "10.00")));
		body(authorized(web.get().uri("/api/billing/balance"), admin));
		body(authorized(web.get().uri("/api/billing/ledger?limit=10"), admin));

		body(web.post()
			.uri("/internal/key-checks")
			.headers(h -> h.setBearerAuth(GatewayClient.TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("key", key.get("key"))));
		body(web.post()
			.uri("/internal/usage")
			.headers(h -> h.setBearerAuth(GatewayClient.TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("requestId", "schema-" + UUID.randomUUID(), "keyId", key.get("id"), "groupId", group,
					"inputTokens", 1200, "outputTokens", 300, "baseCost", "0.012", "occurredAt",
					Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())));
		body(web.get().uri("/v1/models").headers(h -> h.setBearerAuth((String) key.get("key"))));
		body(authorized(web.get().uri("/api/usage"), admin));
		body(authorized(web.get().uri("/api/dashboard"), admin));

		body(authorized(web.get().uri("/api/tenant/region/precheck?target=CN"), admin));
		body(authorized(web.put().uri("/api/tenant/region"), admin).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("region", "CN")));
		body(authorized(web.get().uri("/api/tenant/region/changes"), admin));
		body(authorized(web.post().uri("/api/auth/logout"), console.login(admin.email(), PASSWORD)));

		assertThat(violations).as("answers that do not match the OpenAPI document").isEmpty();
		assertThat(validated).as("exchanges validated").hasSizeGreaterThanOrEqualTo(25);
	}

	@Test
	void errorAnswersAreDocumentedProblems() {
		// These requests are wrong on purpose: only the answers are checked.
		responsesOnly = true;
		body(web.get().uri("/api/me"));
		body(web.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()));
		body(web.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", uniqueEmail("nobody"), "password", "wrong password entirely")));
		SignedIn admin = console.registerTenant("CN");
		body(authorized(web.delete().uri("/api/api-keys/{id}", UUID.randomUUID()), admin));
		body(authorized(web.get().uri("/api/tenant/region/precheck?target=MARS"), admin));
		body(authorized(web.get().uri("/api/admin/model-groups"), admin));
		body(web.post()
			.uri("/internal/key-checks")
			.headers(h -> h.setBearerAuth(GatewayClient.TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("key", "gk-unknown")));

		assertThat(violations).as("error answers that do not match the OpenAPI document").isEmpty();
		assertThat(validated).hasSizeGreaterThanOrEqualTo(7);
	}

	@Test
	void theValidatorCatchesAnUndocumentedAnswer() {
		SimpleResponse wrong = SimpleResponse.Builder.ok()
			.withContentType("application/json")
			.withBody("{\"turnstileEnabled\":\"yes\"}")
			.build();
		ValidationReport report = VALIDATOR.validate(SimpleRequest.Builder.get("/api/auth/config").build(), wrong);
		assertThat(report.hasErrors()).isTrue();
	}

	private static <S extends WebTestClient.RequestHeadersSpec<?>> S authorized(S spec, SignedIn user) {
		return authorized(spec, user.token());
	}

	@SuppressWarnings("unchecked")
	private static <S extends WebTestClient.RequestHeadersSpec<?>> S authorized(S spec, String token) {
		return (S) spec.headers(h -> h.setBearerAuth(token));
	}

	/**
	 * Exchanges, whatever the status, and returns a JSON object body (or an empty map).
	 */
	private Map<String, Object> body(WebTestClient.RequestHeadersSpec<?> spec) {
		EntityExchangeResult<byte[]> result = spec.exchange().expectBody(byte[].class).returnResult();
		MediaType type = result.getResponseHeaders().getContentType();
		byte[] body = result.getResponseBody();
		if (body == null || type == null || !type.getSubtype().endsWith("json")) {
			return Map.of();
		}
		String json = new String(body, StandardCharsets.UTF_8);
		if (!json.startsWith("{")) {
			return Map.of();
		}
		return tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readValue(json, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
			});
	}

	private void validate(EntityExchangeResult<?> result) {
		UriComponents uri = UriComponentsBuilder.fromUri(result.getUrl()).build();
		SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(result.getMethod().name()),
				uri.getPath());
		uri.getQueryParams().forEach((name, values) -> request.withQueryParam(name, values));
		result.getRequestHeaders().forEach((name, values) -> request.withHeader(name, values));
		byte[] requestBody = result.getRequestBodyContent();
		if (requestBody != null && requestBody.length > 0) {
			request.withBody(requestBody);
		}
		SimpleResponse.Builder response = new SimpleResponse.Builder(result.getStatus().value());
		HttpHeaders headers = result.getResponseHeaders();
		headers.forEach((name, values) -> response.withHeader(name, values));
		byte[] responseBody = result.getResponseBodyContent();
		if (responseBody != null && responseBody.length > 0) {
			response.withBody(responseBody);
		}
		String exchange = result.getMethod() + " " + uri.getPath() + " → " + result.getStatus().value();
		validated.add(exchange);
		ValidationReport report = responsesOnly ? VALIDATOR.validateResponse(uri.getPath(),
				Request.Method.valueOf(result.getMethod().name()), response.build())
				: VALIDATOR.validate(request.build(), response.build());
		if (report.hasErrors()) {
			violations.add(exchange + ": " + report.getMessages() + "\n    body: "
					+ (responseBody == null ? "" : new String(responseBody, StandardCharsets.UTF_8)));
		}
	}

}
