package com.gahorouter.console.region;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.KeyCheck;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

class RegionChangeIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private TestDatabase database;

	@Autowired
	private JsonMapper json;

	@Test
	void precheckListsExactlyTheKeysOnLostGroupsOfEveryMember() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn member = console.addMember(admin);
		UUID cn = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		UUID overseasA = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		UUID overseasB = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "2.0").id();
		String adminsLost = key(admin, overseasA);
		String membersLost = key(member, overseasB);
		key(admin, cn);
		String revoked = key(admin, overseasA);
		console.revokeKey(admin, revoked);
		operator.adjustBalance(admin.tenantId(), "10.00");
		report(membersLost, overseasB);

		Map<String, Object> precheck = console.regionPrecheck(admin, "CN")
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();

		assertThat(precheck).containsEntry("currentRegion", "OVERSEAS")
			.containsEntry("targetRegion", "CN")
			.containsEntry("unchanged", false)
			.containsEntry("requiresComplianceAck", false)
			.containsEntry("complianceNotice", null);
		assertThat(ids(precheck.get("groupsLost"))).contains(overseasA.toString(), overseasB.toString())
			.doesNotContain(cn.toString());
		assertThat(ids(precheck.get("groupsGained"))).isEmpty();
		List<Map<String, Object>> affected = list(precheck.get("affectedKeys"));
		assertThat(ids(affected)).containsExactlyInAnyOrder(adminsLost, membersLost);
		assertThat(affected).filteredOn(k -> k.get("id").equals(membersLost)).singleElement().satisfies(k -> {
			assertThat(k).containsEntry("inUse", true).containsEntry("groupId", overseasB.toString());
			assertThat((String) k.get("prefix")).startsWith("gk-").hasSize(8);
			assertThat(k.get("lastUsedAt")).isNotNull();
			assertThat((String) k.get("groupName")).startsWith("Group ");
		});
		assertThat(affected).filteredOn(k -> k.get("id").equals(adminsLost))
			.singleElement()
			.satisfies(k -> assertThat(k).containsEntry("inUse", false).containsEntry("lastUsedAt", null));
	}

	@Test
	void precheckListsKeysByGroupNameThenKeyNameThenIdWithTheirLastUseToTheMicrosecond() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		UUID zulu = operator.createGroup(named("Zulu " + UUID.randomUUID())).id();
		UUID alpha = operator.createGroup(named("Alpha " + UUID.randomUUID())).id();
		UUID zuluA = console.createKey(admin, "a", zulu).id();
		UUID alphaC = console.createKey(admin, "c", alpha).id();
		UUID alphaB1 = console.createKey(admin, "b", alpha).id();
		UUID alphaA = console.createKey(admin, "a", alpha).id();
		UUID alphaB2 = console.createKey(admin, "b", alpha).id();
		operator.adjustBalance(admin.tenantId(), "10.00");
		Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
		Instant toTheMicrosecond = second.plusNanos(123_456_000);
		Instant toTheMillisecond = second.plusMillis(500);
		report(alphaC.toString(), alpha, toTheMicrosecond);
		report(zuluA.toString(), zulu, toTheMillisecond);

		List<Map<String, Object>> affected = list(console.regionPrecheck(admin, "CN")
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody()
			.get("affectedKeys"));

		List<UUID> sameName = alphaB1.compareTo(alphaB2) < 0 ? List.of(alphaB1, alphaB2) : List.of(alphaB2, alphaB1);
		assertThat(ids(affected)).containsExactly(alphaA.toString(), sameName.get(0).toString(),
				sameName.get(1).toString(), alphaC.toString(), zuluA.toString());
		assertThat(affected.get(3)).containsEntry("lastUsedAt", toTheMicrosecond.toString())
			.containsEntry("inUse", true);
		assertThat((String) affected.get(3).get("lastUsedAt")).endsWith(".123456Z");
		assertThat(affected.get(4)).containsEntry("lastUsedAt", toTheMillisecond.toString())
			.containsEntry("inUse", true);
		assertThat((String) affected.get(4).get("lastUsedAt")).endsWith(".500Z");
		assertThat(affected.get(0)).containsEntry("lastUsedAt", null).containsEntry("inUse", false);
	}

	/**
	 * A key's last use is the later of its last key check and its last reported call, a
	 * reported call counting only within the in-use window (a day): the rule the
	 * pre-check applies to the two times it reads from each key's packed listing.
	 */
	@Test
	void precheckCountsAKeyCheckAlwaysAndAReportedCallOnlyWithinADay() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		UUID group = operator.createGroup(named("Window " + UUID.randomUUID())).id();
		String reportedLongAgo = key(admin, group);
		String checkedAndReportedLongAgo = key(admin, group);
		String reportedThisHour = key(admin, group);
		operator.adjustBalance(admin.tenantId(), "10.00");
		Instant twoDaysAgo = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofDays(2));
		Instant anHourAgo = Instant.now().truncatedTo(ChronoUnit.MICROS).minus(Duration.ofHours(1));
		report(reportedLongAgo, group, twoDaysAgo);
		report(checkedAndReportedLongAgo, group, twoDaysAgo);
		report(reportedThisHour, group, anHourAgo);
		Instant beforeTheCheck = Instant.now().minusSeconds(1);
		assertThat(gateway.checkKey(secrets.get(checkedAndReportedLongAgo)).allowed()).isTrue();

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<String, Map<String, Object>> byId = new HashMap<>();
			list(console.regionPrecheck(admin, "CN")
				.expectStatus()
				.isOk()
				.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
				})
				.returnResult()
				.getResponseBody()
				.get("affectedKeys")).forEach(key -> byId.put((String) key.get("id"), key));
			assertThat(byId.get(reportedLongAgo)).containsEntry("lastUsedAt", null).containsEntry("inUse", false);
			assertThat(byId.get(reportedThisHour)).containsEntry("lastUsedAt", anHourAgo.toString())
				.containsEntry("inUse", true);
			assertThat(byId.get(checkedAndReportedLongAgo)).containsEntry("inUse", true);
			assertThat(Instant.parse((String) byId.get(checkedAndReportedLongAgo).get("lastUsedAt")))
				.isAfter(beforeTheCheck);
		});
	}

	/**
	 * The database packs each group's keys in one text and the answer writes them by
	 * hand: names holding the packing's separator, digits, characters outside the Basic
	 * Multilingual Plane and what JSON escapes (control characters are refused in names)
	 * come back intact, in Java's string order, written byte for byte as the
	 * application's Jackson writes them, over several of the writer's parts and chunks.
	 */
	@Test
	void precheckWritesAnyKeyNameIntactAndAsJacksonWould() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		String groupName = "Grüne \"Gruppe\" \\ 🙂 " + UUID.randomUUID();
		UUID group = operator.createGroup(named(groupName)).id();
		List<String> names = List.of("12,34,", "a,1,b", "𝄞".repeat(32), "émoji 🙂, ok",
				"quote \" backslash \\ slash / <tag> & 'single'", "Ωmega\u2028separator\u00a0space");
		for (String name : names) {
			console.createKey(admin, name, group);
		}
		// Enough keys for the answer to be written ahead in parts of several chunks each.
		List<String> all = new ArrayList<>(names);
		for (int i = 0; i < 150; i++) {
			all.add("filler " + i + " ü" + "ü".repeat(i % 45));
			console.createKey(admin, all.get(all.size() - 1), group);
		}

		String body = console.regionPrecheck(admin, "CN")
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		Map<String, Object> answer = json.readValue(body, new TypeReference<Map<String, Object>>() {
		});
		List<Map<String, Object>> affected = list(answer.get("affectedKeys"));
		assertThat(affected).extracting(key -> key.get("name"))
			.containsExactlyElementsOf(all.stream().sorted().toList());
		assertThat(affected).allSatisfy(key -> assertThat(key).containsEntry("groupId", group.toString())
			.containsEntry("groupName", groupName)
			.containsEntry("lastUsedAt", null)
			.containsEntry("inUse", false));
		String written = body.substring(body.indexOf("\"affectedKeys\":") + "\"affectedKeys\":".length(),
				body.indexOf(",\"requiresComplianceAck\":"));
		assertThat(written).isEqualTo(json.writeValueAsString(affected));
	}

	@Test
	void overseasToMainlandChinaUnbindsThoseKeysAndEverythingFollowsAtOnce() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn member = console.addMember(admin);
		UUID cn = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "2.0").id();
		operator.adjustBalance(admin.tenantId(), "50.00");
		String lost = key(member, overseas);
		String kept = key(admin, cn);
		String revoked = key(admin, overseas);
		console.revokeKey(admin, revoked);
		String lostSecret = secrets.get(lost);
		assertThat(gateway.checkKey(lostSecret).allowed()).isTrue();
		report(lost, overseas);
		long ledgerRows = database.count("select count(*) from ledger_entries where tenant_id = :t",
				Map.of("t", admin.tenantId()));

		Map<String, Object> change = console.changeRegion(admin, Map.of("region", "CN"))
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();

		assertThat(change).containsEntry("previousRegion", "OVERSEAS")
			.containsEntry("region", "CN")
			.containsKey("changedAt");
		assertThat(change.get("unboundKeys")).isEqualTo(List.of(lost));
		// Keys: unbound, untouched, and revoked history kept.
		assertThat(database.count("select count(*) from api_keys where id = :id and status = 'PENDING_REASSIGNMENT' "
				+ "and group_id is null", Map.of("id", UUID.fromString(lost))))
			.isOne();
		assertThat(database.count("select count(*) from api_keys where id = :id and status = 'ACTIVE'",
				Map.of("id", UUID.fromString(kept))))
			.isOne();
		assertThat(
				database.count("select count(*) from api_keys where id = :id and status = 'REVOKED' and group_id = :g",
						Map.of("id", UUID.fromString(revoked), "g", overseas)))
			.isOne();
		// Balance and ledger untouched.
		assertThat(database.count("select count(*) from ledger_entries where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isEqualTo(ledgerRows);
		web.get()
			.uri("/api/billing/balance")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo("48.00");

		// The member, still signed in, sees the new region on every page at once.
		web.get()
			.uri("/api/me")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectBody()
			.jsonPath("$.tenant.region")
			.isEqualTo("CN");
		List<String> visible = ids(web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody());
		assertThat(visible).contains(cn.toString()).doesNotContain(overseas.toString());
		web.post()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(member.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", "Again", "groupId", overseas))
			.exchange()
			.expectStatus()
			.isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
		web.get()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectBody()
			.jsonPath("$[0].status")
			.isEqualTo("PENDING_REASSIGNMENT")
			.jsonPath("$[0].groupId")
			.isEmpty();
		// The gateway's next check follows too; a call it admitted before is still
		// charged to its group.
		KeyCheck unbound = gateway.checkKey(lostSecret);
		assertThat(unbound.allowed()).isFalse();
		assertThat(unbound.reason()).isEqualTo("KEY_UNBOUND");
		assertThat(gateway.checkKey(secrets.get(kept)).allowed()).isTrue();
		report(lost, overseas);
		web.get()
			.uri("/api/billing/balance")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectBody()
			.jsonPath("$.balance")
			.isEqualTo("46.00");
		// The dashboard and the usage page follow too: the group left the breakdown, its
		// cost stays in the totals.
		web.get()
			.uri("/api/dashboard")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.tenant.region")
			.isEqualTo("CN")
			.jsonPath("$.balance")
			.isEqualTo("46.00")
			.jsonPath("$.modelGroups[?(@.id == '" + overseas + "')]")
			.doesNotExist()
			.jsonPath("$.modelGroups[?(@.id == '" + cn + "')]")
			.exists()
			.jsonPath("$.usage.last24h.requests")
			.isEqualTo(2)
			.jsonPath("$.usage.byGroup[?(@.groupId == '" + overseas + "')]")
			.doesNotExist();
		web.get()
			.uri("/api/usage")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.totals.requests")
			.isEqualTo(2)
			.jsonPath("$.totals.cost")
			.isEqualTo("4.00")
			.jsonPath("$.byGroup[?(@.groupId == '" + overseas + "')]")
			.doesNotExist();
	}

	@Test
	void mainlandChinaToOverseasNeedsTheAcknowledgementAndUnbindsNothing() {
		SignedIn admin = console.registerTenant("CN");
		UUID cn = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		key(admin, cn);

		console.regionPrecheck(admin, "OVERSEAS")
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.requiresComplianceAck")
			.isEqualTo(true)
			.jsonPath("$.complianceNotice")
			.value(notice -> assertThat((String) notice).contains("outside Mainland China"))
			.jsonPath("$.affectedKeys")
			.isEmpty()
			.jsonPath("$.groupsGained[?(@.id == '" + overseas + "')]")
			.exists();

		for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of("region", "OVERSEAS"),
				Map.of("region", "OVERSEAS", "complianceAcknowledged", false))) {
			console.changeRegion(admin, body)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("COMPLIANCE_ACK_REQUIRED");
		}
		console.changeRegion(admin, Map.of("region", "OVERSEAS", "complianceAcknowledged", true))
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.unboundKeys")
			.isEmpty();
		web.get()
			.uri("/api/tenant")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectBody()
			.jsonPath("$.region")
			.isEqualTo("OVERSEAS")
			.jsonPath("$.regionLabel")
			.isEqualTo("Overseas");
	}

	@Test
	void onlyTheTenantAdminChangesTheRegionAndOnlyToAnotherOne() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);

		console.regionPrecheck(member, "OVERSEAS").expectStatus().isForbidden();
		web.put()
			.uri("/api/tenant/region")
			.headers(h -> h.setBearerAuth(member.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("region", "OVERSEAS", "complianceAcknowledged", true))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN");
		web.get()
			.uri("/api/tenant/region/changes")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isForbidden();

		console.changeRegion(admin, Map.of("region", "CN"))
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("REGION_UNCHANGED");
		console.regionPrecheck(admin, "CN").expectStatus().isOk().expectBody().jsonPath("$.unchanged").isEqualTo(true);
		console.regionPrecheck(admin, "MARS")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("target");
		console.changeRegion(admin, Map.of("region", "MARS"))
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void tenConcurrentIdenticalChangesGiveExactlyOneSuccess() {
		SignedIn admin = console.registerTenant("OVERSEAS");

		List<Integer> statuses = Flux.range(0, 10)
			.flatMap(i -> Mono
				.fromCallable(() -> console.changeRegion(admin, Map.of("region", "CN"))
					.returnResult(String.class)
					.getStatus()
					.value())
				.subscribeOn(Schedulers.boundedElastic()), 10)
			.collectList()
			.block(Duration.ofSeconds(60));

		assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 409);
		assertThat(database.count("select count(*) from region_changes where tenant_id = :t",
				Map.of("t", admin.tenantId())))
			.isOne();
		assertThat(database.count("select version from tenants where id = :t", Map.of("t", admin.tenantId()))).isOne();
	}

	@Test
	void theAuditTrailListsChangesNewestFirst() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		String lost = key(admin, operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id());
		console.changeRegion(admin, Map.of("region", "CN")).expectStatus().isOk();
		console.changeRegion(admin, Map.of("region", "OVERSEAS", "complianceAcknowledged", true)).expectStatus().isOk();

		web.get()
			.uri("/api/tenant/region/changes")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[0].fromRegion")
			.isEqualTo("CN")
			.jsonPath("$[0].toRegion")
			.isEqualTo("OVERSEAS")
			.jsonPath("$[0].complianceAcknowledged")
			.isEqualTo(true)
			.jsonPath("$[0].unboundKeys")
			.isEmpty()
			.jsonPath("$[0].changedBy.email")
			.isEqualTo(admin.email())
			.jsonPath("$[1].fromRegion")
			.isEqualTo("OVERSEAS")
			.jsonPath("$[1].unboundKeys[0]")
			.isEqualTo(lost)
			.jsonPath("$[1].changedBy.id")
			.isEqualTo(admin.userId().toString());
	}

	@Test
	void openEventStreamsReceiveTheNewList() {
		SignedIn admin = console.registerTenant("OVERSEAS");
		SignedIn member = console.addMember(admin);
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();

		Flux<String> events = web.get()
			.uri("/api/model-groups/events")
			.headers(h -> h.setBearerAuth(member.token()))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseBody();

		StepVerifier.create(events)
			.assertNext(first -> assertThat(first).contains(overseas.toString()))
			.then(() -> console.changeRegion(admin, Map.of("region", "CN")).expectStatus().isOk())
			.assertNext(next -> assertThat(next).doesNotContain(overseas.toString()))
			.thenCancel()
			.verify(Duration.ofSeconds(20));
	}

	private final Map<String, String> secrets = new ConcurrentHashMap<>();

	/**
	 * Creates a key through the API and returns its id (its secret is kept in
	 * {@link #secrets}).
	 */
	private String key(SignedIn user, UUID groupId) {
		CreatedKey created = console.createKey(user, groupId);
		secrets.put(created.id().toString(), created.key());
		return created.id().toString();
	}

	/**
	 * Reports a call made just now through the group, costing 1.00 before the multiplier.
	 */
	private void report(String keyId, UUID groupId) {
		report(keyId, groupId, Instant.now());
	}

	/** Reports a call made at {@code occurredAt} through the group, costing 1.00. */
	private void report(String keyId, UUID groupId, Instant occurredAt) {
		Map<String, Object> usage = GatewayClient.usage("req-" + UUID.randomUUID(), keyId, "1.00");
		usage.put("groupId", groupId);
		usage.put("occurredAt", occurredAt.toString());
		gateway.report(usage).expectStatus().isAccepted();
	}

	private static Map<String, Object> named(String name) {
		Map<String, Object> group = OperatorClient.group("OVERSEAS", "PUBLIC", "ACTIVE", "1.0");
		group.put("name", name);
		return group;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> list(Object json) {
		return (List<Map<String, Object>>) json;
	}

	private static List<String> ids(Object json) {
		return list(json).stream().map(item -> (String) item.get("id")).toList();
	}

}
