package com.gahorouter.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.CreatedKey;
import com.gahorouter.console.system.GatewayClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.InvitationLink;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.ResetCodes;
import com.gahorouter.console.system.SignedIn;

/**
 * The no-secret-in-logs sweep of issue 11: a full scenario (register, login, a reset code
 * mailed over SMTP, a wrong sign-in, key creation, an invitation accepted, gateway calls,
 * logout) runs with the log captured, and the log holds none of the passwords, session
 * tokens, API key, reset code, invitation token or gateway token it handled.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretsInLogsIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	@Autowired
	private GatewayClient gateway;

	@Test
	void aFullScenarioLogsNoSecret(CapturedOutput output) {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("password", PASSWORD);
		secrets.put("operator password", OperatorClient.PASSWORD);
		secrets.put("gateway token", GatewayClient.TOKEN);

		SignedIn admin = console.registerTenant("CN");
		secrets.put("registration session token", admin.token());
		SignedIn again = console.login(admin.email(), PASSWORD);
		secrets.put("login session token", again.token());
		String wrongPassword = "wrong horse battery " + UUID.randomUUID();
		console.attemptLogin(admin.email(), wrongPassword).expectStatus().isUnauthorized();
		secrets.put("wrong password", wrongPassword);

		web.post()
			.uri("/api/auth/password-reset")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("email", admin.email()))
			.exchange()
			.expectStatus()
			.isAccepted();
		secrets.put("reset code", awaitCode(admin.email()));

		UUID group = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		CreatedKey key = console.createKey(admin, "Logged?", group);
		secrets.put("API key", key.key());
		console.topUp(admin, Map.of("amount", "100.00")).expectStatus().isCreated();
		gateway.checkKey(key.key());
		gateway.models(key.key()).expectStatus().isOk();
		gateway.checkKey("gk-" + "unknown" + UUID.randomUUID());

		InvitationLink invitation = console.invite(admin, Map.of());
		secrets.put("invitation token", invitation.token());
		String memberEmail = uniqueEmail("member");
		console.acceptInvitation(invitation.token(), memberEmail).expectStatus().isCreated();
		console.logout(again);

		String log = output.getAll();
		assertThat(log).as("the scenario ran with logging captured").isNotEmpty();
		secrets
			.forEach((what, secret) -> assertThat(containsWord(log, secret)).as("the log holds the " + what).isFalse());
	}

	/**
	 * Whether {@code secret} occurs in {@code log} as a whole word (a 6-digit code may
	 * occur inside a longer number or a hex id by chance).
	 */
	private static boolean containsWord(String log, String secret) {
		return Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(secret) + "(?![0-9A-Za-z])").matcher(log).find();
	}

	private static String awaitCode(String email) {
		return ResetCodes.awaitMailedTo(MAIL, email, Duration.ofSeconds(20));
	}

}
