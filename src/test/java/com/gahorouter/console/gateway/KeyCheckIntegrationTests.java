package com.gahorouter.console.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.KeyCheck;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;

import io.micrometer.core.instrument.MeterRegistry;

class KeyCheckIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private MeterRegistry meters;

	@Test
	void aBoundKeyOfATenantWithCreditIsAllowedWithWhatTheGatewayNeeds() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.5").id();
		CreatedKey key = console.createKey(admin, group);

		assertThat(decision(key.key())).containsEntry("allowed", true)
			.containsEntry("tenantId", admin.tenantId().toString())
			.containsEntry("keyId", key.id().toString())
			.containsEntry("groupId", group.toString())
			.containsEntry("platform", "Test platform")
			.containsEntry("rateMultiplier", "1.5")
			.doesNotContainKey("reason");
	}

	@Test
	void theAnswerFollowsAnEditOfTheKeysGroupAndOfItsPolicy() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.5").id();
		CreatedKey key = console.createKey(admin, group);
		assertThat(decision(key.key())).containsEntry("rateMultiplier", "1.5")
			.containsEntry("platform", "Test platform");
		assertThat(decision(key.key())).containsEntry("rateMultiplier", "1.5");

		operator.updateGroup(group,
				Map.of("name", "Edited " + UUID.randomUUID(), "platform", "Edited platform", "rateMultiplier", "2.25",
						"serviceRegion", "CN", "visibility", "PUBLIC", "status", "ACTIVE", "models", List.of("m")))
			.expectStatus()
			.isOk();
		assertThat(decision(key.key())).containsEntry("rateMultiplier", "2.25")
			.containsEntry("platform", "Edited platform");

		web.put()
			.uri("/api/api-keys/{id}", key.id())
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("rateLimit", Map.of("rpm", 60, "tpm", 5000)))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(decision(key.key())).containsEntry("limits", Map.of("rpm", 60, "tpm", 5000))
			.containsEntry("rateMultiplier", "2.25");
	}

	@Test
	void everyRefusalReason() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		String key = console.createKey(admin, group).key();

		assertThat(decision("gk-" + UUID.randomUUID())).containsEntry("allowed", false)
			.containsEntry("reason", "UNKNOWN_KEY")
			.doesNotContainKey("tenantId");
		// A new tenant has no credit yet.
		assertThat(gateway.checkKey(key).reason()).isEqualTo("INSUFFICIENT_BALANCE");
		operator.adjustBalance(admin.tenantId(), "5.00");
		assertThat(gateway.checkKey(key).allowed()).isTrue();

		operator.block(admin.tenantId(), group);
		assertThat(gateway.checkKey(key).reason()).isEqualTo("GROUP_NOT_AVAILABLE");
		operator.resetAccess(admin.tenantId(), group);
		assertThat(gateway.checkKey(key).allowed()).isTrue();

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
		assertThat(gateway.checkKey(key).reason()).isEqualTo("KEY_UNBOUND");

		web.delete()
			.uri("/api/api-keys/{id}", keyId(key))
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(gateway.checkKey(key).reason()).isEqualTo("KEY_REVOKED");
	}

	@Test
	void theVeryNextCheckFollowsARevokeARebindAnOperatorEditAndTheBalance() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "1.00");
		UUID first = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		UUID second = operator.createGroup("CN", "PUBLIC", "ACTIVE", "3.0").id();
		CreatedKey created = console.createKey(admin, first);
		String key = created.key();
		assertThat(gateway.checkKey(key).groupId()).isEqualTo(first);

		web.put()
			.uri("/api/api-keys/{id}", created.id())
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("groupId", second))
			.exchange()
			.expectStatus()
			.isOk();
		KeyCheck rebound = gateway.checkKey(key);
		assertThat(rebound.groupId()).isEqualTo(second);
		assertThat(rebound.rateMultiplier()).isEqualTo("3.0");

		Map<String, Object> disabled = Map.of("name", "Disabled " + UUID.randomUUID(), "platform", "Test platform",
				"rateMultiplier", "3.0", "serviceRegion", "CN", "visibility", "PUBLIC", "status", "DISABLED", "models",
				List.of("m"));
		operator.updateGroup(second, disabled).expectStatus().isOk();
		assertThat(gateway.checkKey(key).reason()).isEqualTo("GROUP_NOT_AVAILABLE");

		web.put()
			.uri("/api/api-keys/{id}", created.id())
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("groupId", first))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(gateway.checkKey(key).allowed()).isTrue();
		operator.adjustBalance(admin.tenantId(), "-1.00");
		assertThat(gateway.checkKey(key).reason()).isEqualTo("INSUFFICIENT_BALANCE");
		operator.adjustBalance(admin.tenantId(), "0.01");
		assertThat(gateway.checkKey(key).allowed()).isTrue();

		web.delete()
			.uri("/api/api-keys/{id}", created.id())
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(gateway.checkKey(key).reason()).isEqualTo("KEY_REVOKED");
	}

	@Test
	void aWarmCheckIsAnsweredFromTheCaches() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "1.00");
		String key = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id()).key();
		gateway.checkKey(key);
		double keyHits = hits("api-keys");
		double groupHits = hits("available-groups");
		double creditHits = hits("tenant-credit");

		for (int i = 0; i < 5; i++) {
			assertThat(gateway.checkKey(key).allowed()).isTrue();
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
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "1.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		CreatedKey created = console.createKey(admin, group);

		gateway.models(created.key())
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
		gateway.models("gk-unknown").expectStatus().isUnauthorized();
		operator.adjustBalance(admin.tenantId(), "-1.00");
		gateway.models(created.key()).expectStatus().isForbidden();
	}

	/** The whole key check answer, for assertions on exactly which fields it has. */
	private Map<String, Object> decision(String key) {
		return gateway.keyCheck(key)
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
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
