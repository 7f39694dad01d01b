package com.gahorouter.console.system;

import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Lazy;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Tenant governance as a test calls it: the audit log (tenant admin's and operator's),
 * alerts and the usage export. Imported into every integration test's context by
 * {@link IntegrationTest}; autowire it.
 */
@Lazy
public class GovernanceClient {

	private static final ParameterizedTypeReference<List<Map<String, Object>>> JSON_LIST = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient web;

	private final OperatorClient operator;

	GovernanceClient(WebTestClient web, OperatorClient operator) {
		this.web = web.mutate().responseTimeout(IntegrationTest.RESPONSE_TIMEOUT).build();
		this.operator = operator;
	}

	/** {@code GET /api/audit-log?query} as this user, whatever the answer. */
	public WebTestClient.ResponseSpec tryAuditLog(SignedIn user, String query) {
		return web.get()
			.uri("/api/audit-log" + (query.isEmpty() ? "" : "?" + query))
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange();
	}

	/** The tenant's audit log page (200). */
	public List<Map<String, Object>> auditLog(SignedIn admin, String query) {
		return tryAuditLog(admin, query).expectStatus().isOk().expectBody(JSON_LIST).returnResult().getResponseBody();
	}

	/** {@code GET /api/admin/audit-log?query} as the operator, whatever the answer. */
	public WebTestClient.ResponseSpec tryOperatorAuditLog(String query) {
		return operator.get("/api/admin/audit-log" + (query.isEmpty() ? "" : "?" + query));
	}

	/** The operator's audit log page (200). */
	public List<Map<String, Object>> operatorAuditLog(String query) {
		return tryOperatorAuditLog(query).expectStatus().isOk().expectBody(JSON_LIST).returnResult().getResponseBody();
	}

	/** {@code PUT /api/tenant/alerts} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec putAlerts(SignedIn user, Map<String, Object> body) {
		return web.put()
			.uri("/api/tenant/alerts")
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** {@code GET} of a governance path as this user, whatever the answer. */
	public WebTestClient.ResponseSpec get(SignedIn user, String uri) {
		return web.get().uri(uri).headers(h -> h.setBearerAuth(user.token())).exchange();
	}

	/** A JSON array answer of a governance path (200). */
	public List<Map<String, Object>> getList(SignedIn user, String uri) {
		return get(user, uri).expectStatus().isOk().expectBody(JSON_LIST).returnResult().getResponseBody();
	}

}
