package com.gahorouter.console.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;

import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.gateway.GatewaySupport;

/**
 * What the usage and dashboard tests share: usage reported as the gateway at a chosen
 * time, JSON answers.
 */
abstract class UsageSupport extends GatewaySupport {

	@Autowired
	AvailableGroups available;

	/** A key of the tenant bound to the group; returns its id. */
	Object keyFor(SignedIn user, UUID groupId) {
		return createKey(user, groupId).get("id");
	}

	/**
	 * Reports one call through the key at {@code occurredAt}, with the given tokens and
	 * base cost.
	 */
	void reportAt(Object keyId, Instant occurredAt, long inputTokens, long outputTokens, String baseCost) {
		report(Map.of("requestId", "usage-" + UUID.randomUUID(), "keyId", keyId, "inputTokens", inputTokens,
				"outputTokens", outputTokens, "baseCost", baseCost, "occurredAt", occurredAt.toString()))
			.expectStatus()
			.isAccepted();
	}

	Map<String, Object> getJson(SignedIn user, String uri, Object... variables) {
		return web.get()
			.uri(uri, variables)
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	/**
	 * Moves the tenant to {@code CN} the way a region change would leave it (the real
	 * switch lives in the tenant feature): the tenant row, then the eviction of its
	 * cached available groups.
	 */
	void moveToMainlandChina(UUID tenantId) {
		db.sql("update tenants set region = 'CN' where id = :id")
			.bind("id", tenantId)
			.then()
			.block(Duration.ofSeconds(10));
		available.evictTenant(tenantId);
	}

	void block(UUID tenantId, UUID groupId) {
		asOperator(web.put().uri("/api/admin/tenants/{t}/model-groups/{g}", tenantId, groupId))
			.bodyValue(Map.of("access", "BLOCKED"))
			.exchange()
			.expectStatus()
			.isOk();
	}

}
