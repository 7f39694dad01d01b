package com.gahorouter.console.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.gahorouter.console.system.CatalogGroup;
import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GovernanceClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.InvitationLink;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class AuditLogIntegrationTests extends IntegrationTest {

	private static final String NEW_PASSWORD = "a brand new passphrase 77";

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GovernanceClient governance;

	@Autowired
	private TestDatabase database;

	@Test
	void everyAuditedActionWritesItsEntry() {
		SignedIn registered = console.registerTenant("OVERSEAS");
		UUID tenantId = registered.tenantId();
		SignedIn admin = console.login(registered.email(), PASSWORD);
		console.attemptLogin(admin.email(), "not the password at all").expectStatus().isUnauthorized();
		CatalogGroup group = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0");
		Map<String, Object> renamed = OperatorClient.group("OVERSEAS", "PUBLIC", "ACTIVE", "1.5");
		operator.updateGroup(group.id(), renamed).expectStatus().isOk();
		operator.block(tenantId, group.id());
		operator.resetAccess(tenantId, group.id());
		SignedIn member = console.addMember(admin);
		console.removeMember(admin, member.userId()).expectStatus().isNoContent();
		InvitationLink revoked = console.invite(admin, Map.of());
		web.delete()
			.uri("/api/invitations/{id}", revoked.id())
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();
		InvitationLink accepted = console.invite(admin, Map.of());
		String invitedEmail = uniqueEmail("invited");
		console.acceptInvitation(accepted.token(), invitedEmail).expectStatus().isCreated();
		CreatedKey key = console.createKey(admin, "Audited key", group.id());
		console.updateKey(admin, key.id(), Map.of("name", "Renamed key")).expectStatus().isOk();
		console.revokeKey(admin, key.id());
		String orderId = (String) console.topUp(admin, Map.of("amount", "10.00"))
			.expectStatus()
			.isCreated()
			.expectBody(Map.class)
			.returnResult()
			.getResponseBody()
			.get("id");
		operator.adjustBalance(tenantId, "5.00");
		console.changeRegion(admin, Map.of("region", "CN", "complianceAcknowledged", false)).expectStatus().isOk();
		console.resetPassword(MAIL, admin.email(), NEW_PASSWORD);
		SignedIn again = console.login(admin.email(), NEW_PASSWORD);

		List<Map<String, Object>> log = governance.auditLog(again, "limit=200");
		assertThat(log).extracting(entry -> entry.get("action"))
			.containsExactly("SIGNED_IN", "PASSWORD_CHANGED", "REGION_CHANGED", "BALANCE_ADJUSTED", "TOP_UP_PAID",
					"TOP_UP_CREATED", "API_KEY_REVOKED", "API_KEY_UPDATED", "API_KEY_CREATED", "INVITATION_ACCEPTED",
					"INVITATION_CREATED", "INVITATION_REVOKED", "INVITATION_CREATED", "MEMBER_REMOVED", "SIGNED_IN",
					"MEMBER_ADDED", "TENANT_ACCESS_CHANGED", "TENANT_ACCESS_CHANGED", "SIGN_IN_FAILED", "SIGNED_IN");
		assertThat(log).allSatisfy(entry -> {
			assertThat(entry).containsKeys("id", "action", "actor", "targetType", "targetId", "summary", "ip",
					"occurredAt");
			assertThat(entry).doesNotContainKey("tenantId");
			assertThat(entry.get("ip")).isEqualTo("127.0.0.1");
		});
		assertThat(entry(log, "API_KEY_CREATED")).containsEntry("targetType", "API_KEY")
			.containsEntry("targetId", key.id().toString())
			.containsEntry("actor", actor(admin.userId(), admin.email(), "TENANT_ADMIN"));
		assertThat((String) entry(log, "API_KEY_CREATED").get("summary")).contains("Audited key")
			.doesNotContain(key.key());
		assertThat(entry(log, "MEMBER_REMOVED")).containsEntry("targetId", member.userId().toString());
		assertThat(entry(log, "INVITATION_REVOKED")).containsEntry("targetId", revoked.id().toString());
		assertThat(entry(log, "INVITATION_ACCEPTED")).containsEntry("targetId", accepted.id().toString());
		assertThat(((Map<?, ?>) entry(log, "INVITATION_ACCEPTED").get("actor")).get("email")).isEqualTo(invitedEmail);
		assertThat(entry(log, "TOP_UP_PAID")).containsEntry("targetId", orderId);
		assertThat(entry(log, "SIGN_IN_FAILED")).containsEntry("actor",
				actor(admin.userId(), admin.email(), "TENANT_ADMIN"));
		assertThat(((Map<?, ?>) entry(log, "BALANCE_ADJUSTED").get("actor")).get("role")).isEqualTo("SYSTEM_ADMIN");
		assertThat(((Map<?, ?>) entry(log, "TENANT_ACCESS_CHANGED").get("actor")).get("email"))
			.isEqualTo(OperatorClient.EMAIL);
		assertThat(entry(log, "PASSWORD_CHANGED")).containsEntry("targetId", admin.userId().toString());

		// The operator's own catalog edits belong to no tenant: only its log has them.
		List<Map<String, Object>> catalog = governance.operatorAuditLog("limit=200&actorId=" + operatorId());
		assertThat(catalog).filteredOn(e -> group.id().toString().equals(e.get("targetId")))
			.extracting(e -> e.get("action"), e -> e.get("tenantId"))
			.contains(org.assertj.core.groups.Tuple.tuple("MODEL_GROUP_UPDATED", null),
					org.assertj.core.groups.Tuple.tuple("MODEL_GROUP_CREATED", null),
					org.assertj.core.groups.Tuple.tuple("TENANT_ACCESS_CHANGED", tenantId.toString()));
		assertThat(governance.operatorAuditLog("limit=200&tenantId=" + tenantId)).hasSameSizeAs(log)
			.allSatisfy(e -> assertThat(e).containsEntry("tenantId", tenantId.toString()));
	}

	@Test
	void aFailedActionWritesNoEntry() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);
		long before = entriesOf(admin.tenantId());

		console.tryCreateKey(admin, "No group", UUID.randomUUID()).expectStatus().isEqualTo(422);
		console.changeRegion(admin, Map.of("region", "CN", "complianceAcknowledged", false))
			.expectStatus()
			.isEqualTo(409);
		console.tryAddMember(admin, Map.of("email", member.email(), "name", "Twice", "password", PASSWORD))
			.expectStatus()
			.isEqualTo(409);
		console.removeMember(admin, admin.userId()).expectStatus().isForbidden();
		console.removeMember(admin, UUID.randomUUID()).expectStatus().isNotFound();
		console.tryRevokeKey(admin, UUID.randomUUID()).expectStatus().isNotFound();
		console.topUp(admin, Map.of("amount", "0.10")).expectStatus().isBadRequest();
		console.changeRegion(member, Map.of("region", "OVERSEAS", "complianceAcknowledged", true))
			.expectStatus()
			.isForbidden();

		assertThat(entriesOf(admin.tenantId())).isEqualTo(before);
	}

	@Test
	void aSignInWithAnUnknownEmailIsLoggedOnceForTheOperatorOnly() {
		String email = uniqueEmail("nobody");
		console.attemptLogin(email, "whatever password 123").expectStatus().isUnauthorized();

		assertThat(database.count("select count(*) from audit_log where actor_email = :email",
				Map.of("email", email.toLowerCase())))
			.isEqualTo(1);
		assertThat(governance.operatorAuditLog("action=SIGN_IN_FAILED&limit=200"))
			.filteredOn(e -> email.equalsIgnoreCase((String) ((Map<?, ?>) e.get("actor")).get("email")))
			.singleElement()
			.satisfies(e -> {
				assertThat(e.get("tenantId")).isNull();
				assertThat(e.get("actor")).isEqualTo(actor(null, email.toLowerCase(), "ANONYMOUS"));
			});
	}

	@Test
	void aTenantSeesOnlyItsOwnEntries() {
		SignedIn a = console.registerTenant("CN");
		SignedIn b = console.registerTenant("CN");
		console.addMember(a);
		console.invite(a, Map.of());
		console.invite(b, Map.of());

		List<Map<String, Object>> ofB = governance.auditLog(b, "limit=200");
		assertThat(ofB).extracting(e -> e.get("action")).containsExactly("INVITATION_CREATED");
		assertThat(ofB).noneSatisfy(e -> assertThat(e.get("actor").toString()).contains(a.email()));
		String firstOfA = (String) governance.auditLog(a, "").get(0).get("id");
		// Another tenant's entry as a cursor is no way in: an empty page.
		assertThat(governance.auditLog(b, "before=" + firstOfA)).isEmpty();
		assertThat(governance.operatorAuditLog("tenantId=" + a.tenantId()))
			.allSatisfy(e -> assertThat(e).containsEntry("tenantId", a.tenantId().toString()))
			.hasSize(3);
	}

	@Test
	void theDatabaseRefusesToChangeOrDeleteAnEntry() {
		SignedIn admin = console.registerTenant("CN");
		console.invite(admin, Map.of());
		Map<String, Object> tenant = Map.of("tenant", admin.tenantId());

		assertThatThrownBy(
				() -> database.execute("update audit_log set summary = 'rewritten' where tenant_id = :tenant", tenant))
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> database.execute("delete from audit_log where tenant_id = :tenant", tenant))
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> database.execute("truncate audit_log", Map.of())).hasMessageContaining("append-only");
		assertThat(entriesOf(admin.tenantId())).isEqualTo(1);
	}

	@Test
	void theLogPagesNewestFirstAndFilters() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);
		for (int i = 0; i < 3; i++) {
			console.invite(admin, Map.of());
		}
		List<Map<String, Object>> all = governance.auditLog(admin, "");
		assertThat(all).extracting(e -> e.get("action"))
			.containsExactly("INVITATION_CREATED", "INVITATION_CREATED", "INVITATION_CREATED", "SIGNED_IN",
					"MEMBER_ADDED");

		List<Map<String, Object>> first = governance.auditLog(admin, "limit=2");
		List<Map<String, Object>> second = governance.auditLog(admin, "limit=2&before=" + first.get(1).get("id"));
		List<Map<String, Object>> third = governance.auditLog(admin, "limit=2&before=" + second.get(1).get("id"));
		assertThat(first).isEqualTo(all.subList(0, 2));
		assertThat(second).isEqualTo(all.subList(2, 4));
		assertThat(third).isEqualTo(all.subList(4, 5));

		assertThat(governance.auditLog(admin, "action=invitation_created")).hasSize(3);
		assertThat(governance.auditLog(admin, "actorId=" + member.userId())).extracting(e -> e.get("action"))
			.containsExactly("SIGNED_IN");
		// Bounds are the database's clock: take one from an entry.
		Object oldestInvitation = all.get(2).get("occurredAt");
		assertThat(governance.auditLog(admin, "from=" + oldestInvitation)).hasSize(3);
		assertThat(governance.auditLog(admin, "to=" + oldestInvitation)).hasSize(2);
		assertThat(governance.auditLog(admin, "from=" + Instant.now().plusSeconds(60))).isEmpty();

		governance.tryAuditLog(admin, "limit=0")
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("limit");
		governance.tryAuditLog(admin, "action=NOPE").expectStatus().isBadRequest();
		governance.tryAuditLog(admin, "from=yesterday").expectStatus().isBadRequest();
		governance.tryAuditLog(member, "")
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN");
		governance.tryOperatorAuditLog("tenantId=nope").expectStatus().isBadRequest();
		web.get()
			.uri("/api/admin/audit-log")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	private long entriesOf(UUID tenantId) {
		return database.count("select count(*) from audit_log where tenant_id = :tenant", Map.of("tenant", tenantId));
	}

	private UUID operatorId() {
		return operator.signIn().userId();
	}

	private static Map<String, Object> entry(List<Map<String, Object>> log, String action) {
		return log.stream().filter(e -> action.equals(e.get("action"))).findFirst().orElseThrow();
	}

	private static Map<String, Object> actor(UUID id, String email, String role) {
		Map<String, Object> actor = new HashMap<>();
		actor.put("id", id == null ? null : id.toString());
		actor.put("email", email);
		actor.put("role", role);
		return actor;
	}

}
