package com.gahorouter.console.gateway;

import java.util.Map;
import java.util.UUID;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.IntegrationTest;

/**
 * What the gateway tests (and the usage tests) share: keys made through the console API
 * and calls made as the gateway.
 */
public abstract class GatewaySupport extends IntegrationTest {

	protected static final String GATEWAY_TOKEN = "gateway-test-token";

	/** Creates a key through the console API and returns {@code {id, key, …}}. */
	protected Map<String, Object> createKey(SignedIn user, UUID groupId) {
		return web.post()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Gateway test", "groupId", groupId))
			.exchange()
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	protected WebTestClient.ResponseSpec check(String key) {
		return web.post()
			.uri("/internal/key-checks")
			.headers(h -> h.setBearerAuth(GATEWAY_TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("key", key))
			.exchange();
	}

	protected Map<String, Object> decision(String key) {
		return check(key).expectStatus().isOk().expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
		}).returnResult().getResponseBody();
	}

	protected WebTestClient.ResponseSpec report(Map<String, Object> usage) {
		return web.post()
			.uri("/internal/usage")
			.headers(h -> h.setBearerAuth(GATEWAY_TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(usage)
			.exchange();
	}

	protected static Map<String, Object> usage(String requestId, Object keyId, String baseCost) {
		return Map.of("requestId", requestId, "keyId", keyId, "inputTokens", 1200, "outputTokens", 300, "baseCost",
				baseCost, "occurredAt", "2026-11-20T10:15:00Z");
	}

	protected String balance(SignedIn user) {
		return (String) web.get()
			.uri("/api/billing/balance")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("balance");
	}

}
