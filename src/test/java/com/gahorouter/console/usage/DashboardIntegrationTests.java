package com.gahorouter.console.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;

import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class DashboardIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private AvailableGroups available;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private TestDatabase database;

	@Test
	void theDashboardShowsTenantBalanceAvailableGroupsAndTheLastDaysUsage() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);
		operator.adjustBalance(admin.tenantId(), "50.00");
		UUID mainland = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.5").id();
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		Object key = console.createKey(admin, mainland).id();
		Instant now = Instant.now();
		gateway.reportAt(key, now.minusSeconds(1), 1000, 200, "1.00");
		gateway.reportAt(key, now.minus(2, ChronoUnit.HOURS), 10, 2, "0.10");
		gateway.reportAt(key, now.minus(2, ChronoUnit.DAYS), 5, 5, "2.00");

		Map<String, Object> dashboard = console.getJson(member, "/api/dashboard");

		assertThat(dashboard.get("tenant"))
			.isEqualTo(Map.of("id", admin.tenantId().toString(), "name", tenantName(admin), "region", "CN"));
		// 50 - 1.5 - 0.15 - 3
		assertThat(dashboard).containsEntry("balance", "45.35");
		assertThat(dashboard.get("modelGroups")).isEqualTo(modelGroups(member));
		assertThat(groupIds(dashboard)).contains(mainland.toString()).doesNotContain(overseas.toString());
		Map<?, ?> usage = (Map<?, ?>) dashboard.get("usage");
		assertThat(usage.get("last24h"))
			.isEqualTo(Map.of("requests", 2, "inputTokens", 1010, "outputTokens", 202, "cost", "1.65"));
		assertThat(usage.get("byGroup")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.containsExactly(Map.of("groupId", mainland.toString(), "groupName", groupName(dashboard, mainland),
					"requests", 2, "inputTokens", 1010, "outputTokens", 202, "cost", "1.65"));
	}

	@Test
	void theEtagStaysWhileNothingChangesAndAMatchGets304WithoutABody() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "20.00");
		String etag = etag(admin);
		assertThat(etag).matches("\"[A-Za-z0-9_-]{22}\"");
		assertThat(etag(admin)).isEqualTo(etag);

		web.get().uri("/api/dashboard").headers(h -> {
			h.setBearerAuth(admin.token());
			h.setIfNoneMatch(etag);
		})
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, etag)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
			.expectBody()
			.isEmpty();
		web.get().uri("/api/dashboard").headers(h -> {
			h.setBearerAuth(admin.token());
			h.set(HttpHeaders.IF_NONE_MATCH, "\"stale\", W/" + etag);
		}).exchange().expectStatus().isNotModified();
		web.get().uri("/api/dashboard").headers(h -> {
			h.setBearerAuth(admin.token());
			h.setIfNoneMatch("\"stale\"");
		})
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, etag)
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo("20.00");
	}

	@Test
	void theEtagChangesWithUsageAndWithTheBalance() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "20.00");
		Object key = console.createKey(admin, operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id()).id();
		String before = etag(admin);

		gateway.reportAt(key, Instant.now(), 1, 1, "0.00");
		String afterUsage = etag(admin);
		assertThat(afterUsage).isNotEqualTo(before);
		assertThat(console.getJson(admin, "/api/dashboard")).containsEntry("balance", "20.00");

		operator.adjustBalance(admin.tenantId(), "1.00");
		String afterCredit = etag(admin);
		assertThat(afterCredit).isNotEqualTo(afterUsage).isNotEqualTo(before);
		web.get().uri("/api/dashboard").headers(h -> {
			h.setBearerAuth(admin.token());
			h.setIfNoneMatch(afterUsage);
		}).exchange().expectStatus().isOk().expectBody().jsonPath("$.balance").isEqualTo("21.00");
	}

	@Test
	void aRegionChangeShowsOnTheNextDashboard() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "20.00");
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		UUID mainland = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		gateway.reportAt(console.createKey(admin, overseas).id(), Instant.now(), 7, 3, "1.00");
		gateway.reportAt(console.createKey(admin, mainland).id(), Instant.now(), 1, 1, "0.50");
		Map<String, Object> before = console.getJson(admin, "/api/dashboard");
		assertThat(groupIds(before)).contains(overseas.toString(), mainland.toString());
		String etag = etag(admin);

		RegionMove.toMainlandChina(database, available, admin.tenantId());

		Map<String, Object> after = console.getJson(admin, "/api/dashboard");
		assertThat(((Map<?, ?>) after.get("tenant")).get("region")).isEqualTo("CN");
		assertThat(groupIds(after)).contains(mainland.toString()).doesNotContain(overseas.toString());
		assertThat(after.get("modelGroups")).isEqualTo(modelGroups(admin));
		Map<?, ?> usage = (Map<?, ?>) after.get("usage");
		assertThat(usage.get("last24h"))
			.isEqualTo(Map.of("requests", 2, "inputTokens", 8, "outputTokens", 4, "cost", "1.50"));
		assertThat(UsageQueryIntegrationTests.byGroup(Map.of("byGroup", usage.get("byGroup"))))
			.extracting(entry -> entry.get("groupId"))
			.containsExactly(mainland.toString());
		assertThat(etag(admin)).isNotEqualTo(etag);
	}

	@Test
	void theOperatorHasNoDashboardAndStrangersNone() {
		web.get()
			.uri("/api/dashboard")
			.headers(h -> h.setBearerAuth(operator.token()))
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		web.get()
			.uri("/api/dashboard")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
	}

	private String etag(SignedIn user) {
		return web.get()
			.uri("/api/dashboard")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
			.returnResult(String.class)
			.getResponseHeaders()
			.getETag();
	}

	private List<Map<String, Object>> modelGroups(SignedIn user) {
		return web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	private String tenantName(SignedIn user) {
		return (String) console.getJson(user, "/api/tenant").get("name");
	}

	@SuppressWarnings("unchecked")
	private static List<String> groupIds(Map<String, Object> dashboard) {
		return ((List<Map<String, Object>>) dashboard.get("modelGroups")).stream()
			.map(group -> (String) group.get("id"))
			.toList();
	}

	@SuppressWarnings("unchecked")
	private static String groupName(Map<String, Object> dashboard, UUID groupId) {
		return ((List<Map<String, Object>>) dashboard.get("modelGroups")).stream()
			.filter(group -> group.get("id").equals(groupId.toString()))
			.map(group -> (String) group.get("name"))
			.findFirst()
			.orElseThrow();
	}

}
