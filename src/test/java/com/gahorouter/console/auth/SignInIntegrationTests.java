package com.gahorouter.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

class SignInIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Test
	void loginWithAnyCaseOfTheEmailOpensANewSession() {
		String email = uniqueEmail("login");
		SignedIn registered = console.registerTenant(email, "CN");

		SignedIn signedIn = console.login(email.toUpperCase(), PASSWORD);

		assertThat(signedIn.token()).isNotEqualTo(registered.token());
		assertThat(signedIn.userId()).isEqualTo(registered.userId());
		assertThat(signedIn.tenantId()).isEqualTo(registered.tenantId());
		assertThat(signedIn.role()).isEqualTo("TENANT_ADMIN");
		assertThat(database.count("select count(*) from sessions where user_id = :id and revoked_at is null",
				Map.of("id", registered.userId())))
			.isEqualTo(2);
	}

	@Test
	void unknownEmailAndWrongPasswordGetTheSameAnswer() {
		String email = uniqueEmail("same");
		console.registerTenant(email, "CN");

		EntityExchangeResult<String> wrongPassword = failedLogin(email, "not the password at all");
		EntityExchangeResult<String> unknownEmail = failedLogin(uniqueEmail("nobody"), "not the password at all");

		assertThat(wrongPassword.getStatus().value()).isEqualTo(401);
		assertThat(unknownEmail.getStatus().value()).isEqualTo(401);
		assertThat(wrongPassword.getResponseBody()).isEqualTo(unknownEmail.getResponseBody())
			.contains("\"code\":\"INVALID_CREDENTIALS\"");
		assertThat(wrongPassword.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void logoutRevokesTheTokenAtOnce() {
		SignedIn admin = console.registerTenant("CN");
		web.get().uri("/api/me").headers(h -> h.setBearerAuth(admin.token())).exchange().expectStatus().isOk();

		web.post()
			.uri("/api/auth/logout")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isNoContent();

		web.get()
			.uri("/api/me")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
		assertThat(database.count("select count(*) from sessions where user_id = :id and revoked_at is not null",
				Map.of("id", admin.userId())))
			.isOne();
	}

	@Test
	void garbageAndMissingTokensAreUnauthenticated() {
		web.get()
			.uri("/api/tenant")
			.headers(h -> h.setBearerAuth("not-a-session"))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.doesNotExist("WWW-Authenticate")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
		web.get()
			.uri("/api/tenant")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
	}

	@Test
	void systemAdminSignsInWithoutATenant() {
		SignedIn operator = console.login("operator@gahorouter.test", OperatorClient.PASSWORD);
		assertThat(operator.role()).isEqualTo("SYSTEM_ADMIN");
		assertThat(operator.tenantId()).isNull();

		web.get()
			.uri("/api/me")
			.headers(h -> h.setBearerAuth(operator.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user.role")
			.isEqualTo("SYSTEM_ADMIN")
			.jsonPath("$.tenant")
			.isEmpty()
			.jsonPath("$.canChangeRegion")
			.isEqualTo(false);
		web.get()
			.uri("/api/tenant")
			.headers(h -> h.setBearerAuth(operator.token()))
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	private EntityExchangeResult<String> failedLogin(String email, String password) {
		return web.post()
			.uri("/api/auth/login")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", email, "password", password))
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

}
