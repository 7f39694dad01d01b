package com.gahorouter.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;
import com.gahorouter.console.tenant.Region;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class CatalogIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private TestDatabase database;

	@Autowired
	private AvailableGroups available;

	@Autowired
	private JsonMapper json;

	@Test
	void cnTenantsSeeOnlyCnGroupsAndOverseasTenantsSeeAll() {
		String cn = createGroup(group("CN", "PUBLIC", "ACTIVE"));
		String overseas = createGroup(group("OVERSEAS", "PUBLIC", "ACTIVE"));

		assertThat(ids(list(console.registerTenant("CN")))).contains(cn).doesNotContain(overseas);
		assertThat(ids(list(console.registerTenant("OVERSEAS")))).contains(cn, overseas);
	}

	@Test
	void disabledGroupsAreHiddenAndMaintenanceGroupsListedWithTheirStatus() {
		String disabled = createGroup(group("CN", "PUBLIC", "DISABLED"));
		Map<String, Object> maintenance = group("CN", "PUBLIC", "MAINTENANCE");
		maintenance.put("rateMultiplier", "1.50");
		String maintenanceId = createGroup(maintenance);

		List<Map<String, Object>> groups = list(console.registerTenant("CN"));

		assertThat(ids(groups)).contains(maintenanceId).doesNotContain(disabled);
		Map<String, Object> entry = find(groups, maintenanceId);
		assertThat(entry).containsOnlyKeys("id", "name", "platform", "rateMultiplier", "serviceRegion", "status");
		assertThat(entry).containsEntry("status", "MAINTENANCE")
			.containsEntry("rateMultiplier", "1.5")
			.containsEntry("serviceRegion", "CN")
			.containsEntry("name", maintenance.get("name"));
	}

	@Test
	void restrictedGroupsOnlyWhenGrantedAndBlockedPublicGroupsHidden() {
		String restricted = createGroup(group("CN", "RESTRICTED", "ACTIVE"));
		String open = createGroup(group("CN", "PUBLIC", "ACTIVE"));
		SignedIn tenant = console.registerTenant("CN");
		SignedIn neighbour = console.registerTenant("CN");

		assertThat(ids(list(tenant))).contains(open).doesNotContain(restricted);

		setAccess(tenant.tenantId(), restricted, "GRANTED").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.access")
			.isEqualTo("GRANTED");
		setAccess(tenant.tenantId(), open, "BLOCKED").expectStatus().isOk();
		assertThat(ids(list(tenant))).contains(restricted).doesNotContain(open);
		assertThat(ids(list(neighbour))).contains(open).doesNotContain(restricted);
		assertThat(database.count("select count(*) from tenant_group_access where tenant_id = :id",
				Map.of("id", tenant.tenantId())))
			.isEqualTo(2);

		setAccess(tenant.tenantId(), restricted, "DEFAULT").expectStatus().isOk();
		setAccess(tenant.tenantId(), open, "DEFAULT").expectStatus().isOk();
		assertThat(ids(list(tenant))).contains(open).doesNotContain(restricted);
		assertThat(database.count("select count(*) from tenant_group_access where tenant_id = :id",
				Map.of("id", tenant.tenantId())))
			.isZero();
	}

	@Test
	void anOperatorEditIsVisibleInTheVeryNextRequest() {
		Map<String, Object> body = group("CN", "PUBLIC", "ACTIVE");
		String id = createGroup(body);
		SignedIn cn = console.registerTenant("CN");
		SignedIn overseas = console.registerTenant("OVERSEAS");
		assertThat(ids(list(cn))).contains(id);

		body.put("serviceRegion", "OVERSEAS");
		body.put("rateMultiplier", "2.25");
		operator.updateGroup(id, body)
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.serviceRegion")
			.isEqualTo("OVERSEAS")
			.jsonPath("$.rateMultiplier")
			.isEqualTo("2.25");

		assertThat(ids(list(cn))).doesNotContain(id);
		assertThat(find(list(overseas), id)).containsEntry("rateMultiplier", "2.25");

		body.put("status", "DISABLED");
		operator.updateGroup(id, body).expectStatus().isOk();
		assertThat(ids(list(overseas))).doesNotContain(id);
	}

	@Test
	void theEtagChangesWhenAndOnlyWhenTheListChanges() {
		Map<String, Object> mine = group("CN", "PUBLIC", "ACTIVE");
		String mineId = createGroup(mine);
		Map<String, Object> elsewhere = group("OVERSEAS", "PUBLIC", "ACTIVE");
		String elsewhereId = createGroup(elsewhere);
		SignedIn tenant = console.registerTenant("CN");

		String first = etag(tenant);
		assertThat(first).matches("\"[A-Za-z0-9_-]{22}\"");
		assertThat(etag(tenant)).isEqualTo(first);

		// A catalog edit invisible to this tenant evicts its list but leaves it, and its
		// ETag, unchanged.
		elsewhere.put("rateMultiplier", "3.0");
		operator.updateGroup(elsewhereId, elsewhere).expectStatus().isOk();
		assertThat(etag(tenant)).isEqualTo(first);

		mine.put("platform", "Renamed platform");
		operator.updateGroup(mineId, mine).expectStatus().isOk();
		String second = etag(tenant);
		assertThat(second).isNotEqualTo(first);

		setAccess(tenant.tenantId(), mineId, "BLOCKED").expectStatus().isOk();
		assertThat(etag(tenant)).isNotEqualTo(second).isNotEqualTo(first);
	}

	@Test
	void aMatchingIfNoneMatchGets304WithoutBodyAndAStaleOneTheList() {
		createGroup(group("CN", "PUBLIC", "ACTIVE"));
		SignedIn tenant = console.registerTenant("CN");
		String etag = etag(tenant);

		web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(tenant.token()))
			.header(HttpHeaders.IF_NONE_MATCH, etag)
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, etag)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
			.expectBody()
			.isEmpty();
		web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(tenant.token()))
			.header(HttpHeaders.IF_NONE_MATCH, "\"other\", W/" + etag)
			.exchange()
			.expectStatus()
			.isNotModified();
		web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(tenant.token()))
			.header(HttpHeaders.IF_NONE_MATCH, "\"stale\"")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, etag)
			.expectBody()
			.jsonPath("$")
			.isArray();
	}

	@Test
	void theListIsPrivateAndRevalidatedWhateverSpringSecurityWouldWrite() {
		SignedIn tenant = console.registerTenant("OVERSEAS");
		web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(tenant.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "private, no-cache")
			.expectHeader()
			.doesNotExist(HttpHeaders.PRAGMA)
			.expectHeader()
			.doesNotExist(HttpHeaders.EXPIRES);
	}

	@Test
	void ndjsonStreamsOneGroupPerLineInTheSameOrder() {
		createGroup(group("OVERSEAS", "PUBLIC", "ACTIVE"));
		createGroup(group("CN", "PUBLIC", "MAINTENANCE"));
		SignedIn tenant = console.registerTenant("OVERSEAS");
		List<Map<String, Object>> array = list(tenant);

		String ndjson = web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(tenant.token()))
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		List<Map<String, Object>> lines = new ArrayList<>();
		for (String line : ndjson.split("\n")) {
			lines.add(json.readValue(line, new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
			}));
		}
		assertThat(lines).isEqualTo(array);
		assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
	}

	@Test
	void eventsSendTheListOnConnectAndAfterEveryChange() {
		Map<String, Object> body = group("CN", "PUBLIC", "ACTIVE");
		String id = createGroup(body);
		SignedIn tenant = console.registerTenant("CN");

		FluxExchangeResult<ServerSentEvent<String>> result = web.get()
			.uri("/api/model-groups/events")
			.headers(h -> h.setBearerAuth(tenant.token()))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});

		body.put("rateMultiplier", "4.5");
		StepVerifier.create(result.getResponseBody().filter(event -> event.event() != null)).assertNext(event -> {
			assertThat(event.event()).isEqualTo("model-groups");
			assertThat(find(parse(event.data()), id)).containsEntry("rateMultiplier", "1.0");
		})
			.then(() -> inBackground(() -> operator.updateGroup(id, body).expectStatus().isOk()))
			.assertNext(event -> assertThat(find(parse(event.data()), id)).containsEntry("rateMultiplier", "4.5"))
			.then(() -> inBackground(
					() -> setAccess(tenant.tenantId(), UUID.fromString(id).toString(), "BLOCKED").expectStatus()
						.isOk()))
			.assertNext(event -> assertThat(ids(parse(event.data()))).doesNotContain(id))
			.thenCancel()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void theAdminAndAMemberOfOneTenantSeeTheSameList() {
		String restricted = createGroup(group("OVERSEAS", "RESTRICTED", "ACTIVE"));
		SignedIn admin = console.registerTenant("OVERSEAS");
		setAccess(admin.tenantId(), restricted, "GRANTED").expectStatus().isOk();
		SignedIn member = console.addMember(admin);

		assertThat(list(member)).isEqualTo(list(admin));
		assertThat(ids(list(member))).contains(restricted);
		assertThat(etag(member)).isEqualTo(etag(admin));
	}

	@Test
	void operatorRoutesAreForTheOperatorOnlyAndTheOperatorHasNoList() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);
		String groupId = createGroup(group("CN", "PUBLIC", "ACTIVE"));
		for (SignedIn user : List.of(admin, member)) {
			web.get()
				.uri("/api/admin/model-groups")
				.headers(h -> h.setBearerAuth(user.token()))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("FORBIDDEN");
			web.post()
				.uri("/api/admin/model-groups")
				.headers(h -> h.setBearerAuth(user.token()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(group("CN", "PUBLIC", "ACTIVE"))
				.exchange()
				.expectStatus()
				.isForbidden();
			web.put()
				.uri("/api/admin/model-groups/{id}", groupId)
				.headers(h -> h.setBearerAuth(user.token()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(group("CN", "PUBLIC", "ACTIVE"))
				.exchange()
				.expectStatus()
				.isForbidden();
			web.put()
				.uri("/api/admin/tenants/{t}/model-groups/{g}", admin.tenantId(), groupId)
				.headers(h -> h.setBearerAuth(user.token()))
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Map.of("access", "GRANTED"))
				.exchange()
				.expectStatus()
				.isForbidden();
			web.get()
				.uri("/api/admin/tenants")
				.headers(h -> h.setBearerAuth(user.token()))
				.exchange()
				.expectStatus()
				.isForbidden();
		}
		web.get().uri("/api/admin/model-groups").exchange().expectStatus().isUnauthorized();
		web.get().uri("/api/model-groups").exchange().expectStatus().isUnauthorized();
		operator.get("/api/model-groups")
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
	}

	@Test
	void theOperatorListsEveryGroupWithAllItsFields() {
		Map<String, Object> body = group("OVERSEAS", "RESTRICTED", "DISABLED");
		body.put("models", List.of(" m-1 ", "m-2", "m-1"));
		String id = createGroup(body);

		List<Map<String, Object>> all = operator.get("/api/admin/model-groups")
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(find(all, id)).containsEntry("name", body.get("name"))
			.containsEntry("visibility", "RESTRICTED")
			.containsEntry("status", "DISABLED")
			.containsEntry("rateMultiplier", "1.0")
			.containsEntry("models", List.of("m-1", "m-2"))
			.containsKeys("createdAt", "updatedAt");
	}

	@Test
	void operatorEditsAreValidatedFieldByField() {
		Map<String, Object> body = group("CN", "PUBLIC", "ACTIVE");
		body.put("name", " ");
		body.put("rateMultiplier", "0");
		body.put("models", List.of());
		operator.tryCreateGroup(body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[?(@.field == 'name')]")
			.exists()
			.jsonPath("$.errors[?(@.field == 'rateMultiplier')]")
			.exists()
			.jsonPath("$.errors[?(@.field == 'models')]")
			.exists();

		Map<String, Object> badEnum = group("CN", "PUBLIC", "ACTIVE");
		badEnum.put("visibility", "SECRET");
		operator.tryCreateGroup(badEnum)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST");

		Map<String, Object> negative = group("CN", "PUBLIC", "ACTIVE");
		negative.put("rateMultiplier", "-1");
		operator.tryCreateGroup(negative)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("rateMultiplier");

		String groupId = createGroup(group("CN", "PUBLIC", "ACTIVE"));
		operator.setAccess(UUID.randomUUID(), groupId, Map.of())
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("access");
	}

	@Test
	void aTakenNameWhateverItsCaseIsAConflict() {
		Map<String, Object> body = group("CN", "PUBLIC", "ACTIVE");
		createGroup(body);
		Map<String, Object> same = group("OVERSEAS", "PUBLIC", "ACTIVE");
		same.put("name", ((String) body.get("name")).toUpperCase());
		operator.tryCreateGroup(same)
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("GROUP_NAME_TAKEN");

		String otherId = createGroup(group("CN", "PUBLIC", "ACTIVE"));
		operator.updateGroup(otherId, same)
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("GROUP_NAME_TAKEN");
	}

	@Test
	void unknownTenantsAndGroupsAreNotFound() {
		String groupId = createGroup(group("CN", "PUBLIC", "ACTIVE"));
		SignedIn tenant = console.registerTenant("CN");
		operator.updateGroup(UUID.randomUUID(), group("CN", "PUBLIC", "ACTIVE")).expectStatus().isNotFound();
		operator.updateGroup("not-a-uuid", group("CN", "PUBLIC", "ACTIVE")).expectStatus().isNotFound();
		setAccess(UUID.randomUUID(), groupId, "GRANTED").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		setAccess(tenant.tenantId(), UUID.randomUUID().toString(), "GRANTED").expectStatus().isNotFound();
	}

	@Test
	void theOperatorPagesThroughTenantsNewestFirst() {
		SignedIn older = console.registerTenant("CN");
		console.addMember(older);
		SignedIn newer = console.registerTenant("OVERSEAS");

		List<Map<String, Object>> firstPage = operator.get("/api/admin/tenants?page=0&size=2")
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists("X-Total-Count")
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(firstPage).hasSize(2);
		assertThat(firstPage.get(0)).containsEntry("id", newer.tenantId().toString())
			.containsEntry("region", "OVERSEAS")
			.containsEntry("balance", "0.00")
			.containsEntry("memberCount", 1)
			.containsKeys("name", "createdAt");
		assertThat(firstPage.get(1)).containsEntry("id", older.tenantId().toString()).containsEntry("memberCount", 2);

		List<Map<String, Object>> secondPage = operator.get("/api/admin/tenants?page=1&size=2")
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(ids(secondPage)).doesNotContain(newer.tenantId().toString(), older.tenantId().toString());

		operator.get("/api/admin/tenants?size=0")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("size");
		operator.get("/api/admin/tenants?page=x")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("page");
	}

	@Test
	void aHundredConcurrentFirstRequestsLoadOnce() {
		SignedIn tenant = console.registerTenant("OVERSEAS");
		available.evictAll();
		long regionLoads = available.regionLoads();
		long tenantLoads = available.tenantLoads();

		List<GroupList> lists = Flux.range(0, 100)
			.flatMap(i -> Mono.defer(() -> available.forTenant(tenant.tenantId())).subscribeOn(Schedulers.parallel()),
					100)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(lists).hasSize(100).allSatisfy(list -> assertThat(list).isSameAs(lists.get(0)));
		assertThat(available.tenantLoads() - tenantLoads).isOne();
		assertThat(available.regionLoads() - regionLoads).isOne();

		// Warm: no load at all.
		list(tenant);
		assertThat(available.tenantLoads() - tenantLoads).isOne();
	}

	@Test
	void theServiceApiAnswersAvailabilityAndTheOtherRegionsView() {
		String cn = createGroup(group("CN", "PUBLIC", "ACTIVE"));
		String overseas = createGroup(group("OVERSEAS", "PUBLIC", "ACTIVE"));
		String blocked = createGroup(group("OVERSEAS", "PUBLIC", "ACTIVE"));
		SignedIn tenant = console.registerTenant("CN");
		setAccess(tenant.tenantId(), blocked, "BLOCKED").expectStatus().isOk();

		assertThat(available.findAvailable(tenant.tenantId(), UUID.fromString(cn)).block(Duration.ofSeconds(10)))
			.extracting(ModelGroup::name)
			.isNotNull();
		assertThat(available.findAvailable(tenant.tenantId(), UUID.fromString(overseas))
			.blockOptional(Duration.ofSeconds(10))).isEmpty();
		List<String> inOverseas = available.forRegion(tenant.tenantId(), Region.OVERSEAS)
			.block(Duration.ofSeconds(10))
			.stream()
			.map(group -> group.id().toString())
			.toList();
		assertThat(inOverseas).contains(cn, overseas).doesNotContain(blocked);
	}

	@Test
	void cacheMetricsArePublished() {
		list(console.registerTenant("CN"));
		String metrics = management().get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(metrics).contains("cache_gets_total{cache=\"available-groups\"")
			.contains("cache_gets_total{cache=\"model-groups-by-region\"");
	}

	private static Map<String, Object> group(String serviceRegion, String visibility, String status) {
		return OperatorClient.group(serviceRegion, visibility, status, "1.0");
	}

	private String createGroup(Map<String, Object> body) {
		return operator.createGroup(body).id().toString();
	}

	private WebTestClient.ResponseSpec setAccess(UUID tenantId, String groupId, String access) {
		return operator.setAccess(tenantId, groupId, access);
	}

	private List<Map<String, Object>> list(SignedIn user) {
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

	private String etag(SignedIn user) {
		return web.get()
			.uri("/api/model-groups")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(byte[].class)
			.getResponseHeaders()
			.getETag();
	}

	private List<Map<String, Object>> parse(String data) {
		return json.readValue(data, new tools.jackson.core.type.TypeReference<List<Map<String, Object>>>() {
		});
	}

	private static List<String> ids(List<Map<String, Object>> groups) {
		return groups.stream().map(group -> (String) group.get("id")).toList();
	}

	private static Map<String, Object> find(List<Map<String, Object>> groups, String id) {
		return groups.stream()
			.filter(group -> id.equals(group.get("id")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("group " + id + " not in " + groups));
	}

	private static void inBackground(Runnable action) {
		Schedulers.boundedElastic().schedule(action);
	}

}
