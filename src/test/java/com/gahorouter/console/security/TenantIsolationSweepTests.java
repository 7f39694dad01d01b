package com.gahorouter.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.yaml.snakeyaml.Yaml;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.InvitationLink;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;

/**
 * The tenant-isolation sweep of issue 11, generated from the route table (the OpenAPI
 * document, which {@code OpenApiIntegrationTests} keeps equal to the routes): tenant B's
 * admin with tenant A's ids gets 404 (or 403 on operator routes) on every route that
 * takes an id and nothing of A changes, and a route with an id and no case here fails the
 * sweep; a member gets 403 on every route that can answer 403 (the admin routes); a
 * revoked token gets 401 on every authenticated {@code /api} route; the gateway routes
 * without the gateway token are refused as they are today (401).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationSweepTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private DatabaseClient db;

	private List<Route> routes;

	private SignedIn adminA;

	private SignedIn memberA;

	private SignedIn otherMemberA;

	private SignedIn adminB;

	private CreatedKey keyA;

	private InvitationLink invitationA;

	private UUID group;

	/** One (method, path) of the route table, and whether it needs a session. */
	record Route(String method, String path, boolean authenticated, boolean canForbid) {

		String name() {
			return method + " " + path;
		}

	}

	@BeforeAll
	void tenantsAndRoutes() throws IOException {
		routes = routeTable();
		group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		adminA = console.registerTenant("CN");
		memberA = console.addMember(adminA);
		otherMemberA = console.addMember(adminA);
		keyA = console.createKey(adminA, "A's key", group);
		invitationA = console.invite(adminA, Map.of());
		adminB = console.registerTenant("CN");
	}

	@Test
	void everyRouteWithAnIdHasAnIsolationCase() {
		Set<String> withIds = new TreeSet<>();
		routes.stream().filter(route -> route.path().contains("{")).forEach(route -> withIds.add(route.name()));
		assertThat(isolationCases().keySet()).as("isolation cases of the routes that take an id").containsAll(withIds);
	}

	@Test
	void anotherTenantsIdsAreNotFoundAndChangeNothing() {
		isolationCases().forEach((name, isolationCase) -> {
			String before = fingerprintOfTenantA();
			isolationCase.accept(name);
			assertThat(fingerprintOfTenantA()).as("tenant A after " + name).isEqualTo(before);
		});
	}

	@Test
	void aMemberIsForbiddenOnEveryAdminRoute() {
		List<Route> adminRoutes = routes.stream()
			.filter(route -> route.canForbid() && route.path().startsWith("/api/"))
			.toList();
		assertThat(adminRoutes).hasSizeGreaterThan(10);
		for (Route route : adminRoutes) {
			String before = fingerprintOfTenantA();
			String answer = call(route, memberA.token()).returnResult(String.class).getResponseBody().blockFirst();
			assertThat(answer).as("a member's " + route.name()).contains("\"code\":\"FORBIDDEN\"");
			assertThat(fingerprintOfTenantA()).as("tenant A after a member's " + route.name()).isEqualTo(before);
		}
	}

	@Test
	void aRevokedTokenIsUnauthenticatedOnEveryApiRoute() {
		SignedIn revoked = console.login(adminA.email(), PASSWORD);
		console.logout(revoked);
		List<Route> authenticated = routes.stream()
			.filter(route -> route.authenticated() && route.path().startsWith("/api/"))
			.toList();
		assertThat(authenticated).hasSizeGreaterThan(20);
		for (Route route : authenticated) {
			String before = fingerprintOfTenantA();
			call(route, revoked.token()).expectStatus()
				.isEqualTo(HttpStatus.UNAUTHORIZED)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("UNAUTHENTICATED");
			assertThat(fingerprintOfTenantA()).as("tenant A after a revoked " + route.name()).isEqualTo(before);
		}
	}

	@Test
	void gatewayRoutesRefuseCallsWithoutTheGatewayToken() {
		List<Route> gatewayRoutes = routes.stream()
			.filter(route -> route.path().startsWith("/internal/") || route.path().startsWith("/v1/"))
			.toList();
		assertThat(gatewayRoutes).isNotEmpty();
		for (Route route : gatewayRoutes) {
			if (route.path().startsWith("/v1/")) {
				// /v1/models authenticates with an API key: a session token is no key.
				call(route, adminA.token()).expectStatus().isUnauthorized();
				call(route, null).expectStatus().isUnauthorized();
			}
			else {
				// As today: with the gateway token configured, a call without it (or with
				// a
				// session token instead) is 401 UNAUTHENTICATED (404 only when no gateway
				// token is configured at all).
				call(route, null).expectStatus()
					.isUnauthorized()
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("UNAUTHENTICATED");
				call(route, adminA.token()).expectStatus()
					.isUnauthorized()
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("UNAUTHENTICATED");
			}
		}
	}

	/** Tenant B's admin with tenant A's ids, by route. */
	private Map<String, Consumer<String>> isolationCases() {
		Map<String, Consumer<String>> cases = new LinkedHashMap<>();
		cases.put("PUT /api/api-keys/{id}",
				name -> notFound(send(HttpMethod.PUT, "/api/api-keys/" + keyA.id(), adminB, Map.of("name", "mine"))));
		cases.put("DELETE /api/api-keys/{id}",
				name -> notFound(send(HttpMethod.DELETE, "/api/api-keys/" + keyA.id(), adminB, null)));
		cases.put("POST /api/api-keys/{id}/rotate", name -> notFound(send(HttpMethod.POST,
				"/api/api-keys/" + keyA.id() + "/rotate", adminB, Map.of("gracePeriodHours", 0))));
		cases.put("DELETE /api/members/{id}",
				name -> notFound(send(HttpMethod.DELETE, "/api/members/" + otherMemberA.userId(), adminB, null)));
		cases.put("DELETE /api/invitations/{idOrToken}",
				name -> notFound(send(HttpMethod.DELETE, "/api/invitations/" + invitationA.id(), adminB, null)));
		// By token, not tenant-scoped: an invitation's id is no token and reveals
		// nothing.
		cases.put("GET /api/invitations/{idOrToken}",
				name -> send(HttpMethod.GET, "/api/invitations/" + invitationA.id(), adminB, null).expectStatus()
					.isEqualTo(HttpStatus.GONE)
					.expectBody()
					.jsonPath("$.code")
					.isEqualTo("INVITATION_INVALID"));
		cases.put("POST /api/invitations/{token}/accept",
				name -> send(HttpMethod.POST, "/api/invitations/" + invitationA.id() + "/accept", adminB,
						Map.of("email", uniqueEmail("intruder"), "password", PASSWORD, "name", "Intruder"))
					.expectStatus()
					.isEqualTo(HttpStatus.GONE));
		// Not tenant-scoped: a webhook without a valid signature credits nobody.
		// The API docs' static files: the same bytes for every caller, no tenant state.
		cases.put("GET /docs/{file}",
				name -> assertThat(send(HttpMethod.GET, "/docs/docs-initializer.js", adminB, null).expectStatus()
					.isOk()
					.expectBody(String.class)
					.returnResult()
					.getResponseBody())
					.isEqualTo(send(HttpMethod.GET, "/docs/docs-initializer.js", null, null).expectStatus()
						.isOk()
						.expectBody(String.class)
						.returnResult()
						.getResponseBody()));
		cases.put("POST /api/billing/webhooks/{provider}",
				name -> send(HttpMethod.POST, "/api/billing/webhooks/external", adminB,
						Map.of("orderId", UUID.randomUUID().toString(), "status", "PAID"))
					.expectStatus()
					.is4xxClientError());
		cases.put("PUT /api/admin/model-groups/{id}", name -> forbidden(send(HttpMethod.PUT,
				"/api/admin/model-groups/" + group, adminB, OperatorClient.group("CN", "PUBLIC", "DISABLED", "9.0"))));
		cases.put("PUT /api/admin/tenants/{tenantId}/model-groups/{groupId}",
				name -> forbidden(
						send(HttpMethod.PUT, "/api/admin/tenants/" + adminA.tenantId() + "/model-groups/" + group,
								adminB, Map.of("access", "BLOCKED"))));
		cases.put("POST /api/admin/tenants/{tenantId}/balance-adjustments",
				name -> forbidden(
						send(HttpMethod.POST, "/api/admin/tenants/" + adminA.tenantId() + "/balance-adjustments",
								adminB, Map.of("amount", "1000.00", "reason", "free money"))));
		return cases;
	}

	private static void notFound(WebTestClient.ResponseSpec response) {
		response.expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("NOT_FOUND");
	}

	private static void forbidden(WebTestClient.ResponseSpec response) {
		response.expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
	}

	private WebTestClient.ResponseSpec send(HttpMethod method, String uri, SignedIn user, Object body) {
		WebTestClient.RequestBodySpec request = web.method(method).uri(uri).headers(h -> {
			if (user != null) {
				h.setBearerAuth(user.token());
			}
		});
		return body == null ? request.exchange()
				: request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/** Any route, its ids filled in with tenant A's, an empty JSON object as body. */
	private WebTestClient.ResponseSpec call(Route route, String token) {
		String uri = route.path()
			.replace("/api/api-keys/{id}", "/api/api-keys/" + keyA.id())
			.replace("/api/members/{id}", "/api/members/" + otherMemberA.userId())
			.replace("/api/admin/model-groups/{id}", "/api/admin/model-groups/" + group)
			.replace("{idOrToken}", invitationA.id().toString())
			.replace("{token}", invitationA.token())
			.replace("{tenantId}", adminA.tenantId().toString())
			.replace("{groupId}", group.toString())
			.replace("{provider}", "external");
		if (uri.equals("/api/tenant/region/precheck")) {
			uri += "?target=OVERSEAS";
		}
		WebTestClient.RequestBodySpec request = web.method(HttpMethod.valueOf(route.method())).uri(uri).headers(h -> {
			if (token != null) {
				h.setBearerAuth(token);
			}
		});
		if (route.method().equals("POST") || route.method().equals("PUT")) {
			return request.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange();
		}
		return request.exchange();
	}

	/**
	 * Everything stored of tenant A (and the shared catalog), as one hash: equal hashes
	 * mean nothing changed.
	 */
	private String fingerprintOfTenantA() {
		return db
			.sql("""
					SELECT md5(concat_ws('|',
					  (SELECT t::text FROM tenants t WHERE t.id = :tenant),
					  (SELECT string_agg(u.id::text || u.email || u.role, ',' ORDER BY u.id) FROM users u WHERE u.tenant_id = :tenant),
					  (SELECT string_agg(k::text, ',' ORDER BY k.id) FROM api_keys k WHERE k.tenant_id = :tenant),
					  (SELECT string_agg(i::text, ',' ORDER BY i.id) FROM invitations i WHERE i.tenant_id = :tenant),
					  (SELECT string_agg(l::text, ',' ORDER BY l.id) FROM ledger_entries l WHERE l.tenant_id = :tenant),
					  (SELECT string_agg(a::text, ',' ORDER BY a.group_id) FROM tenant_group_access a WHERE a.tenant_id = :tenant),
					  (SELECT string_agg(g::text, ',' ORDER BY g.id) FROM model_groups g WHERE g.id = :group),
					  (SELECT count(*)::text FROM sessions s JOIN users u ON u.id = s.user_id
					     WHERE u.tenant_id = :tenant AND s.revoked_at IS NULL)))
					""")
			.bind("tenant", adminA.tenantId())
			.bind("group", group)
			.map(row -> row.get(0, String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

	@SuppressWarnings("unchecked")
	static List<Route> routeTable() throws IOException {
		try (InputStream in = new ClassPathResource("openapi/gahorouter-console.yaml").getInputStream()) {
			Map<String, Object> document = new Yaml().load(in);
			Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
			List<Route> routes = new ArrayList<>();
			paths.forEach((path, operations) -> operations.forEach((method, value) -> {
				if (!(value instanceof Map<?, ?> operation)
						|| !Set.of("get", "post", "put", "delete", "patch").contains(method)) {
					return;
				}
				Object security = operation.get("security");
				boolean authenticated = !(security instanceof List<?> list && list.isEmpty());
				Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
				boolean canForbid = responses != null && responses.containsKey("403");
				routes.add(new Route(method.toUpperCase(), path, authenticated, canForbid));
			}));
			return routes;
		}
	}

}
