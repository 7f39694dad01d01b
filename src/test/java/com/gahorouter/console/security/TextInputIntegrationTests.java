package com.gahorouter.console.security;

import static com.gahorouter.console.system.ConsoleClient.registration;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

/**
 * Finding 16: control characters in any text field of a JSON body, and bidi overrides in
 * names shown to other people, are refused as {@code VALIDATION_FAILED} naming the field,
 * and nothing is written.
 */
class TextInputIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Test
	void nulInATenantNameIsAValidationErrorNamingTheFieldAndWritesNothing() {
		String email = uniqueEmail("nul");
		Map<String, Object> body = registration(email, "CN");
		body.put("tenantName", "Acme\u0000AI");
		console.register(body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("tenantName");
		assertThat(
				database.count("SELECT count(*) FROM users WHERE lower(email) = lower(:email)", Map.of("email", email)))
			.isZero();
	}

	@Test
	void otherControlCharactersInAnyTextFieldAreValidationErrors() {
		Map<String, Object> body = registration(uniqueEmail("ctl"), "CN");
		body.put("contactPhone", "+86 138\u00070013 8000");
		body.put("contactName", "Line\u001bBreak");
		console.register(body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[?(@.field == 'contactName')]")
			.exists()
			.jsonPath("$.errors[?(@.field == 'contactPhone')]")
			.exists();
	}

	@Test
	void bidiOverridesInNamesShownToOthersAreRefused() {
		Map<String, Object> body = registration(uniqueEmail("bidi"), "CN");
		body.put("contactName", "Alice \u202Egnp.exe");
		console.register(body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[0].field")
			.isEqualTo("contactName");

		SignedIn admin = console.registerTenant("OVERSEAS");
		console.tryCreateKey(admin, "prod\u2067key", UUID.randomUUID())
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[?(@.field == 'name')]")
			.exists();
		console.tryCreateKey(admin, "prod\u0000key", UUID.randomUUID())
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[?(@.field == 'name')]")
			.exists();
		assertThat(database.count("SELECT count(*) FROM api_keys WHERE tenant_id = :tenant",
				Map.of("tenant", admin.tenantId())))
			.isZero();
	}

	@Test
	void ordinaryUnicodeNamesStayAccepted() {
		Map<String, Object> body = registration(uniqueEmail("uni"), "CN");
		body.put("tenantName", "北京智能科技 — Ünïcødé");
		body.put("contactName", "王小明 \u200D");
		console.register(body).expectStatus().isCreated();
	}

}
