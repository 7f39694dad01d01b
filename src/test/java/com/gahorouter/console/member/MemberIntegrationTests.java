package com.gahorouter.console.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class MemberIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Test
	void addedMemberSignsInAsMemberOfTheSameTenant() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);

		assertThat(member.role()).isEqualTo("MEMBER");
		assertThat(member.tenantId()).isEqualTo(admin.tenantId());
		web.get()
			.uri("/api/me")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.canChangeRegion")
			.isEqualTo(false);
		web.get()
			.uri("/api/tenant")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.canChangeRegion")
			.isEqualTo(false);
		web.get()
			.uri("/api/members")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[1].email")
			.isEqualTo(member.email())
			.jsonPath("$[1].role")
			.isEqualTo("MEMBER")
			.jsonPath("$[0].password")
			.doesNotExist()
			.jsonPath("$[0].passwordHash")
			.doesNotExist();
	}

	@Test
	void membersCannotManageMembers() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);

		web.post()
			.uri("/api/members")
			.headers(h -> h.setBearerAuth(member.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", uniqueEmail("sneaky"), "name", "Sneaky", "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("FORBIDDEN");
		web.get()
			.uri("/api/members")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isForbidden();
		web.delete()
			.uri("/api/members/{id}", admin.userId())
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void addingAnEmailThatHasAnAccountIsConflict() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn otherTenant = console.registerTenant("OVERSEAS");

		web.post()
			.uri("/api/members")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", otherTenant.email().toUpperCase(), "name", "Taken", "password", PASSWORD))
			.exchange()
			.expectStatus()
			.isEqualTo(409)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EMAIL_ALREADY_REGISTERED");
	}

	@Test
	void memberPasswordFollowsTheRegistrationRule() {
		SignedIn admin = console.registerTenant("CN");
		web.post()
			.uri("/api/members")
			.headers(h -> h.setBearerAuth(admin.token()))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", uniqueEmail("weak"), "name", "Weak", "password", "short"))
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("password");
	}

	@Test
	void removedMemberIsSignedOutAtOnce() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);
		web.get().uri("/api/me").headers(h -> h.setBearerAuth(member.token())).exchange().expectStatus().isOk();

		web.delete()
			.uri("/api/members/{id}", member.userId())
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();

		web.get()
			.uri("/api/me")
			.headers(h -> h.setBearerAuth(member.token()))
			.exchange()
			.expectStatus()
			.isUnauthorized();
		assertThat(database.count("select count(*) from users where id = :id", Map.of("id", member.userId()))).isZero();
		assertThat(database.count("select count(*) from sessions where user_id = :id", Map.of("id", member.userId())))
			.isZero();
	}

	@Test
	void adminCannotRemoveThemselfNorAnotherTenantsMember() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn stranger = console.addMember(console.registerTenant("CN"));

		web.delete()
			.uri("/api/members/{id}", admin.userId())
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isForbidden();
		web.delete()
			.uri("/api/members/{id}", stranger.userId())
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNotFound();
		web.delete()
			.uri("/api/members/not-a-uuid")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNotFound();
		web.get().uri("/api/me").headers(h -> h.setBearerAuth(stranger.token())).exchange().expectStatus().isOk();
	}

	@Test
	void removingAMemberRevokesTheirKeysAndTheNextKeyCheckRefusesThem() {
		SignedIn admin = console.registerTenant("CN");
		operator.adjustBalance(admin.tenantId(), "10.00");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		SignedIn member = console.addMember(admin);
		CreatedKey membersKey = console.createKey(member, group);
		CreatedKey adminsKey = console.createKey(admin, group);
		// The key check has the member's key cached now.
		assertThat(gateway.checkKey(membersKey.key()).allowed()).isTrue();

		console.removeMember(admin, member.userId()).expectStatus().isNoContent();

		assertThat(gateway.checkKey(membersKey.key()).reason()).isEqualTo("KEY_REVOKED");
		assertThat(database.count(
				"select count(*) from api_keys where id = :id and status = 'REVOKED' " + "and revoked_at is not null",
				Map.of("id", membersKey.id())))
			.isOne();
		assertThat(gateway.checkKey(adminsKey.key()).allowed()).isTrue();
	}

	@Test
	void aFailedRemovalRevokesNoKey() {
		SignedIn admin = console.registerTenant("CN");
		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		CreatedKey adminsKey = console.createKey(admin, group);
		SignedIn stranger = console.registerTenant("CN");

		console.removeMember(stranger, admin.userId()).expectStatus().isNotFound();
		console.removeMember(admin, admin.userId()).expectStatus().isForbidden();

		assertThat(database.count("select count(*) from api_keys where id = :id and status = 'ACTIVE'",
				Map.of("id", adminsKey.id())))
			.isOne();
	}

}
