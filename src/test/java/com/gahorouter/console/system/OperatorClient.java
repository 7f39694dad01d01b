package com.gahorouter.console.system;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Lazy;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The operator API as the platform operator (the test profile's bootstrap account) calls
 * it: the model group catalog, tenant grants and blocks, the tenant list and balance
 * adjustments. The operator signs in once per application context. Methods named for a
 * result expect the successful answer; methods that return a
 * {@link WebTestClient.ResponseSpec} leave the answer to the test. Imported into every
 * integration test's context by {@link IntegrationTest}; autowire it.
 */
@Lazy
public class OperatorClient {

	/** The test profile's operator account ({@code gahorouter.bootstrap.admin-email}). */
	public static final String EMAIL = "operator@gahorouter.test";

	/** The test profile's {@code gahorouter.bootstrap.admin-password}. */
	public static final String PASSWORD = "quokka meridian lantern tessellate 2026";

	private final WebTestClient web;

	private final ConsoleClient console;

	private volatile String token;

	OperatorClient(WebTestClient web, ConsoleClient console) {
		this.web = web.mutate().responseTimeout(IntegrationTest.RESPONSE_TIMEOUT).build();
		this.console = console;
	}

	/** A new session of the operator. */
	public SignedIn signIn() {
		return console.login(EMAIL, PASSWORD);
	}

	/** The operator's session token, signed in once. */
	public String token() {
		String current = token;
		if (current == null) {
			current = signIn().token();
			token = current;
		}
		return current;
	}

	/**
	 * A body for {@code POST /api/admin/model-groups}: a unique name, "Test platform",
	 * models {@code model-a} and {@code model-b}; mutable, so a test changes one field.
	 */
	public static Map<String, Object> group(String serviceRegion, String visibility, String status,
			String rateMultiplier) {
		return new HashMap<>(Map.of("name", "Group " + UUID.randomUUID(), "platform", "Test platform", "rateMultiplier",
				rateMultiplier, "serviceRegion", serviceRegion, "visibility", visibility, "status", status, "models",
				List.of("model-a", "model-b")));
	}

	/** {@code GET} of any path as the operator, whatever the answer. */
	public WebTestClient.ResponseSpec get(String uri, Object... variables) {
		return web.get().uri(uri, variables).headers(h -> h.setBearerAuth(token())).exchange();
	}

	/** {@code POST /api/admin/model-groups} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec tryCreateGroup(Map<String, Object> body) {
		return json(web.post().uri("/api/admin/model-groups")).bodyValue(body).exchange();
	}

	/** Creates the group (201). */
	public CatalogGroup createGroup(Map<String, Object> body) {
		return tryCreateGroup(body).expectStatus()
			.isCreated()
			.expectBody(CatalogGroup.class)
			.returnResult()
			.getResponseBody();
	}

	/** Creates a group of {@link #group a body} with these fields (201). */
	public CatalogGroup createGroup(String serviceRegion, String visibility, String status, String rateMultiplier) {
		return createGroup(group(serviceRegion, visibility, status, rateMultiplier));
	}

	/** {@code PUT /api/admin/model-groups/{id}} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec updateGroup(Object groupId, Map<String, Object> body) {
		return json(web.put().uri("/api/admin/model-groups/{id}", groupId)).bodyValue(body).exchange();
	}

	/**
	 * {@code PUT /api/admin/tenants/{t}/model-groups/{g}} with {@code access}, whatever
	 * the answer.
	 */
	public WebTestClient.ResponseSpec setAccess(UUID tenantId, Object groupId, String access) {
		return setAccess(tenantId, groupId, Map.of("access", access));
	}

	/**
	 * {@code PUT /api/admin/tenants/{t}/model-groups/{g}} with any body, whatever the
	 * answer.
	 */
	public WebTestClient.ResponseSpec setAccess(UUID tenantId, Object groupId, Map<String, Object> body) {
		return json(web.put().uri("/api/admin/tenants/{t}/model-groups/{g}", tenantId, groupId)).bodyValue(body)
			.exchange();
	}

	/** Grants the tenant a (restricted) group (200). */
	public void grant(UUID tenantId, Object groupId) {
		setAccess(tenantId, groupId, "GRANTED").expectStatus().isOk();
	}

	/** Blocks a group for the tenant (200). */
	public void block(UUID tenantId, Object groupId) {
		setAccess(tenantId, groupId, "BLOCKED").expectStatus().isOk();
	}

	/** Takes back a grant or block: the group's visibility decides again (200). */
	public void resetAccess(UUID tenantId, Object groupId) {
		setAccess(tenantId, groupId, "DEFAULT").expectStatus().isOk();
	}

	/** Credits (or debits) the tenant through a balance adjustment (201). */
	public void adjustBalance(UUID tenantId, String amount) {
		json(web.post().uri("/api/admin/tenants/{id}/balance-adjustments", tenantId))
			.bodyValue(Map.of("amount", amount, "reason", "test credit"))
			.exchange()
			.expectStatus()
			.isCreated();
	}

	private WebTestClient.RequestBodySpec json(WebTestClient.RequestBodySpec spec) {
		return spec.headers(h -> h.setBearerAuth(token())).contentType(MediaType.APPLICATION_JSON);
	}

}
