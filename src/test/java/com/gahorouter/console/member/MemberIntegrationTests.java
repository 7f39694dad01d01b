package com.gahorouter.console.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class MemberIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

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

}
