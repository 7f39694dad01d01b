package com.gahorouter.console.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.system.AvailableGroup;
import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class UsageQueryIntegrationTests extends IntegrationTest {

	private static final Instant DAY = Instant.parse("2026-03-10T00:00:00Z");

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
	void totalsCountABlockedGroupButTheBreakdownListsOnlyAvailableGroupsByName() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		operator.adjustBalance(admin.tenantId(), "100.00");
		UUID first = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		UUID second = operator.createGroup("CN", "PUBLIC", "ACTIVE", "2.0").id();
		UUID blocked = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		gateway.reportAt(console.createKey(admin, first).id(), DAY.plusSeconds(600), 100, 10, "0.10");
		gateway.reportAt(console.createKey(admin, first).id(), DAY.plusSeconds(7200), 200, 20, "0.20");
		gateway.reportAt(console.createKey(admin, second).id(), DAY.plusSeconds(3600), 1000, 100, "0.25");
		gateway.reportAt(console.createKey(admin, blocked).id(), DAY.plusSeconds(3600), 5000, 500, "1.00");
		operator.block(admin.tenantId(), blocked);

		Map<String, Object> usage = console.getJson(admin,
				"/api/usage?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z");

		assertThat(usage).containsEntry("from", "2026-03-10T00:00:00Z").containsEntry("to", "2026-03-11T00:00:00Z");
		assertThat(usage.get("totals"))
			.isEqualTo(Map.of("requests", 4, "inputTokens", 6300, "outputTokens", 630, "cost", "1.80"));
		List<Map<String, Object>> byGroup = byGroup(usage);
		assertThat(byGroup).extracting(entry -> entry.get("groupId"))
			.containsExactlyInAnyOrder(first.toString(), second.toString());
		assertThat(byGroup).extracting(entry -> (String) entry.get("groupName")).isSorted();
		assertThat(find(byGroup, first)).containsEntry("requests", 2)
			.containsEntry("inputTokens", 300)
			.containsEntry("outputTokens", 30)
			.containsEntry("cost", "0.30");
		assertThat(find(byGroup, second)).containsEntry("requests", 1)
			.containsEntry("cost", "0.50")
			.containsEntry("groupName", groupName(admin, second));

		SignedIn neighbour = console.registerTenant("OVERSEAS");
		Map<String, Object> nothing = console.getJson(neighbour,
				"/api/usage?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z");
		assertThat(nothing.get("totals"))
			.isEqualTo(Map.of("requests", 0, "inputTokens", 0, "outputTokens", 0, "cost", "0.00"));
		assertThat(byGroup(nothing)).isEmpty();
	}

	@Test
	void aGroupThatLeftWithARegionChangeStaysInTheTotalsOnly() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn member = console.addMember(admin);
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		UUID mainland = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		gateway.reportAt(console.createKey(admin, overseas).id(), DAY.plusSeconds(60), 10, 1, "1.00");
		gateway.reportAt(console.createKey(admin, mainland).id(), DAY.plusSeconds(60), 20, 2, "2.00");
		String range = "/api/usage?from=2026-03-10T00:00:00Z&to=2026-03-10T01:00:00Z";
		assertThat(byGroup(console.getJson(member, range))).extracting(entry -> entry.get("groupId"))
			.contains(overseas.toString(), mainland.toString());

		RegionMove.toMainlandChina(database, available, admin.tenantId());

		Map<String, Object> usage = console.getJson(member, range);
		assertThat(usage.get("totals"))
			.isEqualTo(Map.of("requests", 2, "inputTokens", 30, "outputTokens", 3, "cost", "3.00"));
		assertThat(byGroup(usage)).extracting(entry -> entry.get("groupId")).containsExactly(mainland.toString());
	}

	@Test
	void withoutParametersTheRangeIsTheLast30DaysIncludingTheCurrentHour() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		Object key = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id()).id();
		Instant now = Instant.now();
		gateway.reportAt(key, now.minusSeconds(5), 1, 1, "0.01");
		gateway.reportAt(key, now.minus(29, ChronoUnit.DAYS), 1, 1, "0.01");
		gateway.reportAt(key, now.minus(32, ChronoUnit.DAYS), 1, 1, "0.01");

		Map<String, Object> usage = console.getJson(admin, "/api/usage");

		Instant to = Instant.parse((String) usage.get("to"));
		Instant from = Instant.parse((String) usage.get("from"));
		assertThat(to).isAfter(now)
			.isBefore(now.plus(61, ChronoUnit.MINUTES))
			.isEqualTo(to.truncatedTo(ChronoUnit.HOURS));
		assertThat(from).isEqualTo(from.truncatedTo(ChronoUnit.HOURS))
			.isBetween(to.minus(30, ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS), to.minus(30, ChronoUnit.DAYS));
		assertThat(((Map<?, ?>) usage.get("totals")).get("requests")).isEqualTo(2);

		Map<String, Object> onlyTo = console.getJson(admin, "/api/usage?to={to}", now.minus(1, ChronoUnit.DAYS));
		assertThat(((Map<?, ?>) onlyTo.get("totals")).get("requests")).isEqualTo(1);
	}

	@Test
	void rangesAreAppliedToTheHoursTheyOverlap() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		Object key = console.createKey(admin, operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id()).id();
		gateway.reportAt(key, Instant.parse("2026-03-10T09:59:59Z"), 1, 1, "0.01");
		gateway.reportAt(key, Instant.parse("2026-03-10T10:15:00Z"), 1, 1, "0.01");
		gateway.reportAt(key, Instant.parse("2026-03-10T10:45:00Z"), 1, 1, "0.01");
		gateway.reportAt(key, Instant.parse("2026-03-10T11:59:59Z"), 1, 1, "0.01");
		gateway.reportAt(key, Instant.parse("2026-03-10T12:00:00Z"), 1, 1, "0.01");

		Map<String, Object> overlapping = console.getJson(admin,
				"/api/usage?from=2026-03-10T10:30:00Z&to=2026-03-10T11:10:00Z");
		assertThat(overlapping).containsEntry("from", "2026-03-10T10:00:00Z")
			.containsEntry("to", "2026-03-10T12:00:00Z");
		assertThat(((Map<?, ?>) overlapping.get("totals")).get("requests")).isEqualTo(3);

		Map<String, Object> wholeHours = console.getJson(admin,
				"/api/usage?from=2026-03-10T10:00:00Z&to=2026-03-10T12:00:00Z");
		assertThat(wholeHours).containsEntry("from", "2026-03-10T10:00:00Z")
			.containsEntry("to", "2026-03-10T12:00:00Z");
		assertThat(((Map<?, ?>) wholeHours.get("totals")).get("requests")).isEqualTo(3);

		Map<String, Object> withOffset = console.getJson(admin, "/api/usage?from={from}&to={to}",
				"2026-03-10T20:00:00+08:00", "2026-03-10T21:00:01+08:00");
		assertThat(withOffset).containsEntry("from", "2026-03-10T12:00:00Z")
			.containsEntry("to", "2026-03-10T14:00:00Z");
		assertThat(((Map<?, ?>) withOffset.get("totals")).get("requests")).isEqualTo(1);
	}

	@Test
	void aRangeOverSeveralDaysAddsTheHoursAroundTheWholeDays() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		Object key = console.createKey(admin, group).id();
		for (String at : List.of("2026-03-09T22:59:59Z", "2026-03-09T23:30:00Z", "2026-03-10T00:10:00Z",
				"2026-03-10T12:00:00Z", "2026-03-10T23:59:59Z", "2026-03-11T00:30:00Z", "2026-03-11T01:00:00Z")) {
			gateway.reportAt(key, Instant.parse(at), 10, 1, "0.01");
		}
		assertThat(database.count("select requests from usage_daily where tenant_id = :t and group_id = :g "
				+ "and day = '2026-03-10T00:00:00Z'", Map.of("t", admin.tenantId(), "g", group)))
			.isEqualTo(3);

		Map<String, Object> usage = console.getJson(admin,
				"/api/usage?from=2026-03-09T23:00:00Z&to=2026-03-11T01:00:00Z");

		assertThat(usage.get("totals"))
			.isEqualTo(Map.of("requests", 5, "inputTokens", 50, "outputTokens", 5, "cost", "0.05"));
		assertThat(((Map<?, ?>) console.getJson(admin, "/api/usage?from=2026-03-10T00:00:00Z&to=2026-03-11T00:00:00Z")
			.get("totals")).get("requests")).isEqualTo(3);
		assertThat(((Map<?, ?>) console.getJson(admin, "/api/usage?from=2026-03-01T00:00:00Z&to=2026-03-20T00:00:00Z")
			.get("totals")).get("requests")).isEqualTo(7);
	}

	@Test
	void malformedOrOutOfRangeParametersAreValidationFailuresNamingTheParameter() {
		SignedIn admin = console.registerTenant("CN");
		invalid(admin, "from=yesterday", "from");
		invalid(admin, "to=2026-13-01T00:00:00Z", "to");
		invalid(admin, "from=2026-03-10", "from");
		invalid(admin, "from=2026-03-10T10:00:00Z&to=2026-03-10T10:00:00Z", "from");
		invalid(admin, "from=2026-03-11T00:00:00Z&to=2026-03-10T00:00:00Z", "from");
		invalid(admin, "from=2025-03-10T00:00:00Z&to=2026-03-11T00:00:01Z", "from");
		web.get()
			.uri("/api/usage?from=x&to=y")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[?(@.field == 'from')]")
			.exists()
			.jsonPath("$.errors[?(@.field == 'to')]")
			.exists();

		assertThat(console.getJson(admin, "/api/usage?from=2025-03-10T00:00:00Z&to=2026-03-11T00:00:00Z"))
			.containsEntry("from", "2025-03-10T00:00:00Z");
		web.get().uri("/api/usage").exchange().expectStatus().isUnauthorized();
		web.get()
			.uri("/api/usage")
			.headers(h -> h.setBearerAuth(operator.token()))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private void invalid(SignedIn user, String query, String field) {
		web.get()
			.uri("/api/usage?" + query)
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors.length()")
			.isEqualTo(1)
			.jsonPath("$.errors[0].field")
			.isEqualTo(field);
	}

	private String groupName(SignedIn user, UUID groupId) {
		return console.modelGroups(user)
			.stream()
			.filter(group -> group.id().equals(groupId))
			.map(AvailableGroup::name)
			.findFirst()
			.orElseThrow();
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> byGroup(Map<String, Object> usage) {
		return (List<Map<String, Object>>) usage.get("byGroup");
	}

	static Map<String, Object> find(List<Map<String, Object>> byGroup, UUID groupId) {
		return byGroup.stream()
			.filter(entry -> entry.get("groupId").equals(groupId.toString()))
			.findFirst()
			.orElseThrow();
	}

}
