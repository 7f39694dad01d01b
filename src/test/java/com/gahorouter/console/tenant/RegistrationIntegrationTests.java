package com.gahorouter.console.tenant;

import static com.gahorouter.console.system.ConsoleClient.registration;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;
import com.gahorouter.console.system.TurnstileStub;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class RegistrationIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Test
	void registeringCreatesTenantAdminAndSessionAndSignsIn() {
		String email = uniqueEmail("founder");
		SignedIn admin = console.registerTenant(email, "OVERSEAS");

		assertThat(admin.role()).isEqualTo("TENANT_ADMIN");
		assertThat(admin.region()).isEqualTo("OVERSEAS");
		assertThat(admin.token()).hasSizeGreaterThanOrEqualTo(43);
		assertThat(database.count("select count(*) from tenants where id = :id and region = 'OVERSEAS' "
				+ "and contact_phone = '+8613800138000' and balance = 0", Map.of("id", admin.tenantId())))
			.isOne();
		assertThat(database.count(
				"select count(*) from users where id = :id and tenant_id = :tenant and role = 'TENANT_ADMIN' "
						+ "and password_hash like '$argon2id$%'",
				Map.of("id", admin.userId(), "tenant", admin.tenantId())))
			.isOne();
		// Only the token's hash is stored.
		assertThat(database.count(
				"select count(*) from sessions where user_id = :id and token_hash = encode(sha256(:token::bytea), 'hex')",
				Map.of("id", admin.userId(), "token", admin.token())))
			.isOne();
		assertThat(database.count("select count(*) from sessions where token_hash = :token",
				Map.of("token", admin.token())))
			.isZero();

		web.get()
			.uri("/api/me")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.user.email")
			.isEqualTo(email)
			.jsonPath("$.user.role")
			.isEqualTo("TENANT_ADMIN")
			.jsonPath("$.tenant.region")
			.isEqualTo("OVERSEAS")
			.jsonPath("$.canChangeRegion")
			.isEqualTo(true);
		web.get()
			.uri("/api/tenant")
			.headers(h -> h.setBearerAuth(admin.token()))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.id")
			.isEqualTo(admin.tenantId().toString())
			.jsonPath("$.regionLabel")
			.isEqualTo("Overseas")
			.jsonPath("$.contactName")
			.isEqualTo("Contact Person")
			.jsonPath("$.balance")
			.isEqualTo("0.00")
			.jsonPath("$.canChangeRegion")
			.isEqualTo(true);
	}

	static Stream<Arguments> invalidFields() {
		return Stream.of(Arguments.of("email", "not-an-email"), Arguments.of("email", "a".repeat(250) + "@x.com"),
				Arguments.of("password", "short pass"), Arguments.of("password", "x".repeat(129)),
				Arguments.of("password", "password123456"), Arguments.of("password", "qwertyuiopasdf"),
				Arguments.of("tenantName", "A"), Arguments.of("tenantName", "T".repeat(65)),
				Arguments.of("contactName", ""), Arguments.of("contactName", "C".repeat(65)),
				Arguments.of("contactPhone", "13800138000"), Arguments.of("contactPhone", "+12345"),
				Arguments.of("contactPhone", "+1234567890123456"), Arguments.of("region", null));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("invalidFields")
	void eachRegistrationRuleNamesItsField(String field, Object value) {
		Map<String, Object> body = registration(uniqueEmail("rules"), "CN");
		body.put(field, value);
		String tenantName = (String) body.get("tenantName");

		console.register(body)
			.expectStatus()
			.isBadRequest()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED")
			.jsonPath("$.errors[?(@.field == '" + field + "')]")
			.exists();
		assertThat(database.count("select count(*) from tenants where name = :name", Map.of("name", tenantName)))
			.isZero();
	}

	@Test
	void passwordContainingTheEmailLocalPartIsRefused() {
		String email = uniqueEmail("wolfgang");
		Map<String, Object> body = registration(email, "CN");
		body.put("password", "my wolfgang passphrase");

		console.register(body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.errors[0].field")
			.isEqualTo("password")
			.jsonPath("$.errors[0].message")
			.isEqualTo("must not contain your email address");
	}

	@Test
	void longUnusualPasswordsOfAnyCharactersAreAccepted() {
		Map<String, Object> body = registration(uniqueEmail("unicode"), "CN");
		body.put("password", "月光下的青蛙在唱歌 🐸 ünïcödé");
		console.register(body).expectStatus().isCreated();
	}

	@Test
	void unknownRegionIsMalformed() {
		Map<String, Object> body = registration(uniqueEmail("region"), "CN");
		body.put("region", "MARS");
		console.register(body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void validationComesBeforeTheAgreement() {
		Map<String, Object> body = registration(uniqueEmail("order"), "CN");
		body.put("agreementAccepted", false);
		body.put("tenantName", "A");
		console.register(body)
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("VALIDATION_FAILED");
	}

	@Test
	void registeringWithoutTheAgreementGivesTheExactMessage() {
		for (Object refusal : new Object[] { false, null }) {
			Map<String, Object> body = registration(uniqueEmail("agree"), "CN");
			body.put("agreementAccepted", refusal);
			body.put("turnstileToken", "a token the verifier would reject");
			console.register(body)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("AGREEMENT_REQUIRED")
				.jsonPath("$.detail")
				.isEqualTo("Please read and agree to the User Service Agreement and Privacy Policy first.");
		}
	}

	@Test
	void turnstileReceivesSecretTokenAndClientIpAsAForm() {
		String email = uniqueEmail("verified");
		console.registerTenant(email, "CN");
		assertThat(TURNSTILE.received()).anySatisfy(form -> {
			assertThat(form).containsEntry("secret", TurnstileStub.SECRET)
				.containsEntry("response", TurnstileStub.PASS);
			assertThat(form.get("remoteip")).isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
		});
	}

	@Test
	void rejectedOrMissingTurnstileTokenFailsHumanVerification() {
		for (Object token : new Object[] { "forged-token", null, "" }) {
			Map<String, Object> body = registration(uniqueEmail("bot"), "CN");
			body.put("turnstileToken", token);
			console.register(body)
				.expectStatus()
				.isBadRequest()
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("HUMAN_VERIFICATION_FAILED");
			assertThat(database.count("select count(*) from users where email = :email",
					Map.of("email", body.get("email"))))
				.isZero();
		}
	}

	@Test
	void verifierOutageIsServiceUnavailableAndWritesNothing() {
		Map<String, Object> body = registration(uniqueEmail("outage"), "CN");
		body.put("turnstileToken", TurnstileStub.OUTAGE);
		console.register(body)
			.expectStatus()
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(
				database.count("select count(*) from users where email = :email", Map.of("email", body.get("email"))))
			.isZero();
	}

	@Test
	void emailIsUniqueWhateverItsCase() {
		String email = uniqueEmail("casey");
		console.registerTenant(email, "CN");
		Map<String, Object> body = registration(email.toUpperCase(), "CN");
		body.put("tenantName", "Second tenant");
		console.register(body)
			.expectStatus()
			.isEqualTo(HttpStatus.CONFLICT)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("EMAIL_ALREADY_REGISTERED");
		assertThat(
				database.count("select count(*) from users where lower(email) = lower(:email)", Map.of("email", email)))
			.isOne();
		assertThat(database.count("select count(*) from tenants where name = 'Second tenant'", Map.of())).isZero();
	}

	@Test
	void concurrentRegistrationsWithOneEmailGiveOneCreatedAndOneConflict() {
		String email = uniqueEmail("racer");
		List<Integer> statuses = Flux.range(0, 2).flatMap(i -> Mono.fromCallable(() -> {
			Map<String, Object> body = registration(i == 0 ? email : email.toUpperCase(), "CN");
			body.put("tenantName", "Race " + i);
			return console.register(body).returnResult(String.class).getStatus().value();
		}).subscribeOn(Schedulers.boundedElastic())).collectList().block(Duration.ofSeconds(60));

		assertThat(statuses).containsExactlyInAnyOrder(201, 409);
		assertThat(
				database.count("select count(*) from users where lower(email) = lower(:email)", Map.of("email", email)))
			.isOne();
		assertThat(database.count("select count(*) from tenants t where t.name like 'Race %' "
				+ "and not exists (select 1 from users u where u.tenant_id = t.id)", Map.of()))
			.isZero();
	}

}
