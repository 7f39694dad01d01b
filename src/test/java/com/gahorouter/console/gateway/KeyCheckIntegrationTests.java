package com.gahorouter.console.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import io.micrometer.core.instrument.MeterRegistry;

class KeyCheckIntegrationTests extends GatewaySupport {

	@Autowired
	private MeterRegistry meters;

	@Test
	void aBoundKeyOfATenantWithCreditIsAllowedWithWhatTheGatewayNeeds() {
		SignedIn admin = registerTenant("CN");
		adjustBalance(admin.tenantId(), "10.00");
		UUID group = createGroup("CN", "PUBLIC", "ACTIVE", "1.5");
		Map<String, Object> key = createKey(admin, group);

		assertThat(decision((String) key.get("key"))).containsEntry("allowed", true)
			.containsEntry("tenantId", admin.tenantId().toString())
			.containsEntry("keyId", key.get("id"))
			.containsEntry("groupId", group.toString())
			.containsEntry("platform", "Test platform")
			.containsEntry("rateMultiplier", "1.5")
			.doesNotContainKey("reason");
	}

	@Test
	void everyRefusalReason() {
		SignedIn admin = registerTenant("CN");
		UUID group = createGroup("CN", "PUBLIC", "ACTIVE", "1.0");
		String key = (String) createKey(admin, group).get("key");

		assertThat(decision("gk-" + UUID.randomUUID())).containsEntry("allowed", false)
			.containsEntry("reason", "UNKNOWN_KEY")
			.doesNotContainKey("tenantId");
		// A new tenant has no credit yet.
		assertThat(decision(key)).containsEntry("reason", "INSUFFICIENT_BALANCE");
		adjustBalance(admin.tenantId(), "5.00");
		assertThat(decision(key)).containsEntry("allowed", true);

		asOperator(web.put().uri("/api/admin/tenants/{t}/model-groups/{g}", admin.tenantId(), group))
			.bodyValue(Map.of("access", "BLOCKED"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(decision(key)).containsEntry("reason", "GROUP_NOT_AVAILABLE");
		asOperator(web.put().uri("/api/admin/tenants/{t}/model-groups/{g}", admin.tenantId(), group))
			.bodyValue(Map.of("access", "DEFAULT"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(decision(key)).containsEntry("allowed", true);

		db.sql("update api_keys set group_id = null, status = 'PENDING_REASSIGNMENT' "
				+ "where secret_hash = encode(sha256(:key::bytea), 'hex')")
			.bind("key", key)
			.then()
			.block();
		// The key changed behind the service's back: announce it as a region change
		// would.
		web.put()
			.uri("/api/api-keys/{id}", keyId(key))
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Renamed"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(decision(key)).containsEntry("reason", "KEY_UNBOUND");

		web.delete()
			.uri("/api/api-keys/{id}", keyId(key))
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(decision(key)).containsEntry("reason", "KEY_REVOKED");
	}

	@Test
	void theVeryNextCheckFollowsARevokeARebindAnOperatorEditAndTheBalance() {
		SignedIn admin = registerTenant("OVERSEAS");
		adjustBalance(admin.tenantId(), "1.00");
		UUID first = createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0");
		UUID second = createGroup("CN", "PUBLIC", "ACTIVE", "3.0");
		Map<String, Object> created = createKey(admin, first);
		String key = (String) created.get("key");
		assertThat(decision(key)).containsEntry("groupId", first.toString());

		web.put()
			.uri("/api/api-keys/{id}", created.get("id"))
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("groupId", second))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(decision(key)).containsEntry("groupId", second.toString()).containsEntry("rateMultiplier", "3.0");

		Map<String, Object> disabled = Map.of("name", "Disabled " + UUID.randomUUID(), "platform", "Test platform",
				"rateMultiplier", "3.0", "serviceRegion", "CN", "visibility", "PUBLIC", "status", "DISABLED", "models",
				List.of("m"));
		asOperator(web.put().uri("/api/admin/model-groups/{id}", second)).bodyValue(disabled)
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(decision(key)).containsEntry("reason", "GROUP_NOT_AVAILABLE");

		web.put()
			.uri("/api/api-keys/{id}", created.get("id"))
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("groupId", first))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(decision(key)).containsEntry("allowed", true);
		adjustBalance(admin.tenantId(), "-1.00");
		assertThat(decision(key)).containsEntry("reason", "INSUFFICIENT_BALANCE");
		adjustBalance(admin.tenantId(), "0.01");
		assertThat(decision(key)).containsEntry("allowed", true);

		web.delete()
			.uri("/api/api-keys/{id}", created.get("id"))
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(decision(key)).containsEntry("reason", "KEY_REVOKED");
	}

	@Test
	void aWarmCheckIsAnsweredFromTheCaches() {
		SignedIn admin = registerTenant("CN");
		adjustBalance(admin.tenantId(), "1.00");
		String key = (String) createKey(admin, createGroup("CN", "PUBLIC", "ACTIVE", "1.0")).get("key");
		decision(key);
		double keyHits = hits("api-keys");
		double groupHits = hits("available-groups");
		double creditHits = hits("tenant-credit");

		for (int i = 0; i < 5; i++) {
			assertThat(decision(key)).containsEntry("allowed", true);
		}

		assertThat(hits("api-keys")).isGreaterThanOrEqualTo(keyHits + 5);
		assertThat(hits("available-groups")).isGreaterThanOrEqualTo(groupHits + 5);
		assertThat(hits("tenant-credit")).isGreaterThanOrEqualTo(creditHits + 5);
	}

	@Test
	void theGatewayTokenIsRequired() {
		for (String token : new String[] { null, "wrong-token" }) {
			web.post().uri("/internal/key-checks").headers(h -> {
				if (token != null) {
					h.setBearerAuth(token);
				}
			})
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("key", "gk-x"))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("UNAUTHENTICATED");
		}
	}

	@Test
	void modelsOfTheKeysGroupInOpenAiShape() {
		SignedIn admin = registerTenant("CN");
		adjustBalance(admin.tenantId(), "1.00");
		UUID group = createGroup("CN", "PUBLIC", "ACTIVE", "1.0");
		Map<String, Object> created = createKey(admin, group);

		web.get()
			.uri("/v1/models")
			.headers(h -> h.setBearerAuth((String) created.get("key")))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.object")
			.isEqualTo("list")
			.jsonPath("$.data[0].id")
			.isEqualTo("model-a")
			.jsonPath("$.data[0].object")
			.isEqualTo("model")
			.jsonPath("$.data[0].owned_by")
			.isEqualTo("Test platform")
			.jsonPath("$.data[1].id")
			.isEqualTo("model-b");
		web.get()
			.uri("/v1/models")
			.headers(h -> h.setBearerAuth("gk-unknown"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		adjustBalance(admin.tenantId(), "-1.00");
		web.get()
			.uri("/v1/models")
			.headers(h -> h.setBearerAuth((String) created.get("key")))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private String keyId(String key) {
		return db.sql("select id from api_keys where secret_hash = encode(sha256(:key::bytea), 'hex')")
			.bind("key", key)
			.map(row -> row.get("id", UUID.class).toString())
			.one()
			.block();
	}

	private double hits(String cache) {
		return meters.get("cache.gets").tag("cache", cache).tag("result", "hit").functionCounter().count();
	}

}
