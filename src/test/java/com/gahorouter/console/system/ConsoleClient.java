package com.gahorouter.console.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Lazy;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The console API as a tenant's user calls it: registration and sign-in, members and
 * invitations, keys, the available groups, billing, usage, the dashboard and the region
 * change. Methods named for a result ({@link #registerTenant}, {@link #createKey}, …)
 * expect the successful answer and return it as a record; methods that return a
 * {@link WebTestClient.ResponseSpec} leave the answer to the test. Imported into every
 * integration test's context by {@link IntegrationTest}; autowire it.
 */
@Lazy
public class ConsoleClient {

	/** A password that passes every rule; every account the clients make has it. */
	public static final String PASSWORD = "violet kangaroo sandwich 42";

	private static final ParameterizedTypeReference<Map<String, Object>> JSON_OBJECT = new ParameterizedTypeReference<>() {
	};

	private final WebTestClient web;

	ConsoleClient(WebTestClient web) {
		this.web = web.mutate().responseTimeout(IntegrationTest.RESPONSE_TIMEOUT).build();
	}

	/**
	 * A unique email on a domain of its own, so mailboxes and accounts never collide
	 * between tests.
	 */
	public static String uniqueEmail(String name) {
		return name + "@" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
	}

	/** A registration body that passes every rule; tests override one field at a time. */
	public static Map<String, Object> registration(String email, String region) {
		return new HashMap<>(Map.of("email", email, "password", PASSWORD, "tenantName",
				"Tenant " + email.substring(0, email.indexOf('@')), "contactName", "Contact Person", "contactPhone",
				"+86 138-0013-8000", "region", region, "turnstileToken", TurnstileStub.PASS, "agreementAccepted",
				true));
	}

	/** {@code POST /api/auth/register} with any body. */
	public WebTestClient.ResponseSpec register(Map<String, Object> body) {
		return web.post().uri("/api/auth/register").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
	}

	/** Registers a new tenant (its admin has a unique email) and returns the sign-in. */
	public SignedIn registerTenant(String region) {
		return registerTenant(uniqueEmail("admin"), region);
	}

	/** Registers a new tenant whose admin has this email and returns the sign-in. */
	public SignedIn registerTenant(String email, String region) {
		return SignedIn.of(register(registration(email, region)).expectStatus()
			.isEqualTo(HttpStatus.CREATED)
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody());
	}

	/** {@code POST /api/auth/login}, whatever the answer. */
	public WebTestClient.ResponseSpec attemptLogin(String email, String password) {
		return web.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", password))
			.exchange();
	}

	/** Signs in (a new session) and returns the sign-in. */
	public SignedIn login(String email, String password) {
		return SignedIn.of(attemptLogin(email, password).expectStatus()
			.isOk()
			.expectBody(JSON_OBJECT)
			.returnResult()
			.getResponseBody());
	}

	/** Signs out: the session's token is revoked. */
	public void logout(SignedIn user) {
		web.post()
			.uri("/api/auth/logout")
			.headers(h -> h.setBearerAuth(user.token()))
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	/**
	 * Resets the account's password the way its owner would: asks for a code, reads it
	 * from the mail the tests' SMTP server received, confirms with the new password.
	 */
	public void resetPassword(GreenMail mail, String email, String newPassword) {
		web.post()
			.uri("/api/auth/password-reset")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email))
			.exchange()
			.expectStatus()
			.isAccepted();
		String code = ResetCodes.awaitMailedTo(mail, email, Duration.ofSeconds(10));
		web.post()
			.uri("/api/auth/password-reset/confirm")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "code", code, "newPassword", newPassword))
			.exchange()
			.expectStatus()
			.isNoContent();
	}

	/** {@code GET} of any console path as this user, whatever the answer. */
	public WebTestClient.ResponseSpec get(SignedIn user, String uri, Object... variables) {
		return web.get().uri(uri, variables).headers(h -> h.setBearerAuth(user.token())).exchange();
	}

	/** {@code GET} of a console path that answers a JSON object, expecting 200. */
	public Map<String, Object> getJson(SignedIn user, String uri, Object... variables) {
		return get(user, uri, variables).expectStatus().isOk().expectBody(JSON_OBJECT).returnResult().getResponseBody();
	}

	/** {@code GET /api/me}, whatever the answer. */
	public WebTestClient.ResponseSpec me(SignedIn user) {
		return get(user, "/api/me");
	}

	/** {@code GET /api/tenant} as a JSON object. */
	public Map<String, Object> tenant(SignedIn user) {
		return getJson(user, "/api/tenant");
	}

	/** {@code POST /api/members} as the admin, whatever the answer. */
	public WebTestClient.ResponseSpec tryAddMember(SignedIn admin, Map<String, Object> body) {
		return web.post()
			.uri("/api/members")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** Adds a member (unique email) to the admin's tenant and signs them in. */
	public SignedIn addMember(SignedIn admin) {
		String email = uniqueEmail("member");
		tryAddMember(admin, Map.of("email", email, "name", "Member", "password", PASSWORD)).expectStatus().isCreated();
		return login(email, PASSWORD);
	}

	/** {@code DELETE /api/members/{id}} as the admin, whatever the answer. */
	public WebTestClient.ResponseSpec removeMember(SignedIn admin, Object userId) {
		return web.delete().uri("/api/members/{id}", userId).headers(h -> h.setBearerAuth(admin.token())).exchange();
	}

	/** {@code POST /api/invitations} as the admin, whatever the answer. */
	public WebTestClient.ResponseSpec tryInvite(SignedIn admin, Map<String, Object> body) {
		return web.post()
			.uri("/api/invitations")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * Creates an invitation link ({@code email}, {@code expiresInHours}, {@code maxUses}
	 * as given, the defaults otherwise).
	 */
	public InvitationLink invite(SignedIn admin, Map<String, Object> body) {
		return tryInvite(admin, body).expectStatus()
			.isCreated()
			.expectBody(InvitationLink.class)
			.returnResult()
			.getResponseBody();
	}

	/** Accepts an invitation as a new person with this email, whatever the answer. */
	public WebTestClient.ResponseSpec acceptInvitation(String token, String email) {
		return web.post()
			.uri("/api/invitations/{token}/accept", token)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", PASSWORD, "name", "New Member"))
			.exchange();
	}

	/** {@code POST /api/api-keys}, whatever the answer. */
	public WebTestClient.ResponseSpec tryCreateKey(SignedIn user, String name, Object groupId) {
		return web.post()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("name", name, "groupId", groupId))
			.exchange();
	}

	/**
	 * {@code POST /api/api-keys} with any body (e.g. with key policies), whatever the
	 * answer.
	 */
	public WebTestClient.ResponseSpec tryCreateKey(SignedIn user, Map<String, Object> body) {
		return web.post()
			.uri("/api/api-keys")
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** {@code POST /api/api-keys/{id}/rotate} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec rotateKey(SignedIn user, Object keyId, Map<String, Object> body) {
		return web.post()
			.uri("/api/api-keys/{id}/rotate", keyId)
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** {@code GET /api/api-keys}: the keys the user sees, as JSON objects. */
	public List<Map<String, Object>> keys(SignedIn user) {
		return get(user, "/api/api-keys").expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	/** Creates a key bound to the group; the answer is the only one with its secret. */
	public CreatedKey createKey(SignedIn user, String name, UUID groupId) {
		return tryCreateKey(user, name, groupId).expectStatus()
			.isCreated()
			.expectBody(CreatedKey.class)
			.returnResult()
			.getResponseBody();
	}

	/** Creates a key named "Gateway test" bound to the group. */
	public CreatedKey createKey(SignedIn user, UUID groupId) {
		return createKey(user, "Gateway test", groupId);
	}

	/** {@code PUT /api/api-keys/{id}} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec updateKey(SignedIn user, Object keyId, Map<String, Object> body) {
		return web.put()
			.uri("/api/api-keys/{id}", keyId)
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/** {@code DELETE /api/api-keys/{id}}, whatever the answer. */
	public WebTestClient.ResponseSpec tryRevokeKey(SignedIn user, Object keyId) {
		return web.delete().uri("/api/api-keys/{id}", keyId).headers(h -> h.setBearerAuth(user.token())).exchange();
	}

	/** Revokes the key (204). */
	public void revokeKey(SignedIn user, Object keyId) {
		tryRevokeKey(user, keyId).expectStatus().isNoContent();
	}

	/** The user's available groups, as records. */
	public List<AvailableGroup> modelGroups(SignedIn user) {
		return get(user, "/api/model-groups").expectStatus()
			.isOk()
			.expectBodyList(AvailableGroup.class)
			.returnResult()
			.getResponseBody();
	}

	/** The ids of the user's available groups. */
	public List<UUID> modelGroupIds(SignedIn user) {
		return modelGroups(user).stream().map(AvailableGroup::id).toList();
	}

	/** The tenant's balance, the decimal string of {@code GET /api/billing/balance}. */
	public String balance(SignedIn user) {
		return (String) getJson(user, "/api/billing/balance").get("balance");
	}

	/** {@code POST /api/billing/top-ups} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec topUp(SignedIn user, Map<String, Object> body) {
		return web.post()
			.uri("/api/billing/top-ups")
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	/**
	 * The usage page ({@code GET /api/usage?…}; an empty query for the default range).
	 */
	public Map<String, Object> usage(SignedIn user, String query, Object... variables) {
		return getJson(user, query.isEmpty() ? "/api/usage" : "/api/usage?" + query, variables);
	}

	/** The dashboard ({@code GET /api/dashboard}). */
	public Map<String, Object> dashboard(SignedIn user) {
		return getJson(user, "/api/dashboard");
	}

	/** The region pre-check toward the target, whatever the answer. */
	public WebTestClient.ResponseSpec regionPrecheck(SignedIn user, String target) {
		return get(user, "/api/tenant/region/precheck?target={t}", target);
	}

	/** {@code PUT /api/tenant/region} with any body, whatever the answer. */
	public WebTestClient.ResponseSpec changeRegion(SignedIn user, Map<String, Object> body) {
		return web.put()
			.uri("/api/tenant/region")
			.headers(h -> h.setBearerAuth(user.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
