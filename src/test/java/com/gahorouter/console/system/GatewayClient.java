package com.gahorouter.console.system;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Lazy;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The data plane's calls with the test profile's gateway token: key checks, usage
 * reports, and {@code /v1/models} with a key. Methods named for a result expect the
 * successful answer; methods that return a {@link WebTestClient.ResponseSpec} leave the
 * answer to the test. Imported into every integration test's context by
 * {@link IntegrationTest}; autowire it.
 */
@Lazy
public class GatewayClient {

	/** The test profile's {@code gahorouter.gateway.token}. */
	public static final String TOKEN = "gateway-test-token-0123456789abcdefghijklmnopq";

	private final WebTestClient web;

	GatewayClient(WebTestClient web) {
		this.web = web.mutate().responseTimeout(IntegrationTest.RESPONSE_TIMEOUT).build();
	}

	/** {@code POST /internal/key-checks} for the key, whatever the answer. */
	public WebTestClient.ResponseSpec keyCheck(String key) {
		return web.post()
			.uri("/internal/key-checks")
			.headers(h -> h.setBearerAuth(TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("key", key))
			.exchange();
	}

	/**
	 * {@code POST /internal/key-checks} for the key from a client address (null: none
	 * sent).
	 */
	public WebTestClient.ResponseSpec keyCheck(String key, String clientIp) {
		Map<String, Object> body = new HashMap<>();
		body.put("key", key);
		if (clientIp != null) {
			body.put("clientIp", clientIp);
		}
		return web.post()
			.uri("/internal/key-checks")
			.headers(h -> h.setBearerAuth(TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** The key check's answer for the key from a client address, as a JSON object. */
	public Map<String, Object> checkKey(String key, String clientIp) {
		return keyCheck(key, clientIp).expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	/** The key check's decision (200, allowed or not). */
	public KeyCheck checkKey(String key) {
		return keyCheck(key).expectStatus().isOk().expectBody(KeyCheck.class).returnResult().getResponseBody();
	}

	/**
	 * A usage report of a call through the key: 1,200 input and 300 output tokens on
	 * 2026-11-20 at 10:15 UTC; mutable, so a test adds {@code groupId} or changes a
	 * field.
	 */
	public static Map<String, Object> usage(String requestId, Object keyId, String baseCost) {
		return new HashMap<>(Map.of("requestId", requestId, "keyId", keyId, "inputTokens", 1200, "outputTokens", 300,
				"baseCost", baseCost, "occurredAt", "2026-11-20T10:15:00Z"));
	}

	/** {@code POST /internal/usage} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec report(Map<String, Object> usage) {
		return web.post()
			.uri("/internal/usage")
			.headers(h -> h.setBearerAuth(TOKEN))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(usage)
			.exchange();
	}

	/**
	 * Reports one call (a new request id) through the key at {@code occurredAt}, with the
	 * given tokens and base cost (202).
	 */
	public void reportAt(Object keyId, Instant occurredAt, long inputTokens, long outputTokens, String baseCost) {
		report(Map.of("requestId", "usage-" + UUID.randomUUID(), "keyId", keyId, "inputTokens", inputTokens,
				"outputTokens", outputTokens, "baseCost", baseCost, "occurredAt", occurredAt.toString()))
			.expectStatus()
			.isAccepted();
	}

	/**
	 * {@code GET /v1/models} with the key (not the gateway token), whatever the answer.
	 */
	public WebTestClient.ResponseSpec models(String key) {
		return web.get().uri("/v1/models").headers(h -> h.setBearerAuth(key)).exchange();
	}

}
