package com.gahorouter.console.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class ApiKeyIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private TestDatabase database;

	@Autowired
	private DatabaseClient db;

	@Test
	void theKeyIsShownOnceAndOnlyItsHashIsStored() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();

		Map<String, Object> created = console.tryCreateKey(admin, "Production", group)
			.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		String key = (String) created.get("key");

		assertThat(key).startsWith("gk-").hasSizeGreaterThanOrEqualTo(3 + 43);
		assertThat(created).containsEntry("prefix", key.substring(0, 8))
			.containsEntry("status", "ACTIVE")
			.containsEntry("groupId", group.toString())
			.containsEntry("name", "Production");
		assertThat(
				database.count("select count(*) from api_keys where secret_hash = encode(sha256(:key::bytea), 'hex')",
						Map.of("key", key)))
			.isOne();
		assertThat(database.count("select count(*) from api_keys k where position(:key in k::text) > 0",
				Map.of("key", key)))
			.isZero();

		String listed = web.get()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(listed).doesNotContain(key)
			.doesNotContain(key.substring(8))
			.contains(key.substring(0, 8))
			.contains("\"groupName\":\"Group ")
			.doesNotContain("\"key\"");
	}

	@Test
	void aCnTenantCannotBindAnOverseasGroup() {
		SignedIn admin = console.registerTenant("CN");
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();

		console.tryCreateKey(admin, "Abroad", overseas)
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("GROUP_NOT_AVAILABLE");
		console.tryCreateKey(admin, "Nowhere", UUID.randomUUID())
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		assertThat(database.count("select count(*) from api_keys where tenant_id = :t", Map.of("t", admin.tenantId())))
			.isZero();
	}

	@Test
	void invalidBodiesNameTheirFields() {
		SignedIn admin = console.registerTenant("CN");
		web.post()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", " "))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("groupId")
			.jsonPath("$.errors[1].field")
			.isEqualTo("name");
	}

	@Test
	void anAdminManagesEveryKeyAndAMemberOnlyTheirOwn() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn member = console.addMember(admin);
		UUID group = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		String adminKey = id(console.tryCreateKey(admin, "Admin's", group));
		String memberKey = id(console.tryCreateKey(member, "Member's", group));
		String strangersKey = id(console.tryCreateKey(console.registerTenant("OVERSEAS"), "Stranger's", group));

		assertThat(ids(list(admin))).containsExactly(adminKey, memberKey);
		assertThat(ids(list(member))).containsExactly(memberKey);

		for (String notTheirs : List.of(adminKey, strangersKey)) {
			web.put()
				.uri("/api/api-keys/{id}", notTheirs)
				.headers(h -> h.setBearerAuth(member.token()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("name", "Mine now"))
				.exchange()
				.expectStatus()
				.isNotFound();
			web.delete()
				.uri("/api/api-keys/{id}", notTheirs)
				.headers(h -> h.setBearerAuth(member.token()))
				.exchange()
				.expectStatus()
				.isNotFound();
		}
		web.delete()
			.uri("/api/api-keys/{id}", strangersKey)
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNotFound();
		web.put()
			.uri("/api/api-keys/{id}", memberKey)
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Renamed by admin"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.name")
			.isEqualTo("Renamed by admin");
	}

	@Test
	void rebindingAPendingKeyMakesItActiveAndRevokedKeysStayAsHistory() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		UUID other = operator.createGroup("CN", "PUBLIC", "ACTIVE", "2.0").id();
		String key = id(console.tryCreateKey(admin, "Pending soon", group));
		db.sql("update api_keys set group_id = null, status = 'PENDING_REASSIGNMENT' where id = :id")
			.bind("id", UUID.fromString(key))
			.then()
			.block(Duration.ofSeconds(10));

		web.put()
			.uri("/api/api-keys/{id}", key)
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("groupId", other))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("ACTIVE")
			.jsonPath("$.groupId")
			.isEqualTo(other.toString())
			.jsonPath("$.name")
			.isEqualTo("Pending soon");

		web.delete()
			.uri("/api/api-keys/{id}", key)
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(list(admin)).singleElement().satisfies(k -> assertThat(k).containsEntry("status", "REVOKED"));
		web.put()
			.uri("/api/api-keys/{id}", key)
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("groupId", group))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private static String id(WebTestClient.ResponseSpec created) {
		return (String) created.expectStatus()
			.isCreated()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("id");
	}

	private List<Map<String, Object>> list(SignedIn user) {
		return web.get()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private static List<String> ids(List<Map<String, Object>> keys) {
		return keys.stream().map(k -> (String) k.get("id")).toList();
	}

}
