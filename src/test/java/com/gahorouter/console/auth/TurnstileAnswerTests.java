package com.gahorouter.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.TurnstileStub;

import reactor.test.StepVerifier;

/**
 * Finding 15: a token is accepted only when siteverify says it was solved on one of the
 * expected hostnames (when any are configured) and for the expected action (when one is
 * configured), not merely {@code success}. Runs against the real stand-in HTTP server.
 */
class TurnstileAnswerTests {

	private static final TurnstileStub SITEVERIFY = TurnstileStub.start();

	private static TurnstileVerifier verifier(List<String> hostnames, String action) {
		return new TurnstileVerifier(new TurnstileProperties(TurnstileStub.SECRET, "site", URI.create(SITEVERIFY.url()),
				Duration.ofSeconds(5), hostnames, action), WebClient.builder());
	}

	private static void rejected(TurnstileVerifier verifier, String token) {
		StepVerifier.create(verifier.verify(token, "192.0.2.7"))
			.expectErrorSatisfies(error -> assertThat(error).isInstanceOfSatisfying(ApiException.class,
					e -> assertThat(e.code()).isEqualTo(ErrorCode.HUMAN_VERIFICATION_FAILED)))
			.verify(Duration.ofSeconds(10));
	}

	@Test
	void aTokenSolvedOnAnotherHostnameIsRejected() {
		rejected(verifier(List.of("console.example.com"), null),
				TurnstileStub.passSolvedOn("phishing.example.net", "register"));
	}

	@Test
	void aTokenSolvedOnAnExpectedHostnameIsAccepted() {
		StepVerifier
			.create(verifier(List.of("www.example.com", "Console.Example.com"), null)
				.verify(TurnstileStub.passSolvedOn("console.example.com", "register"), "192.0.2.7"))
			.verifyComplete();
	}

	@Test
	void withNoExpectedHostnamesAnyHostnameIsAccepted() {
		StepVerifier
			.create(verifier(List.of(), null).verify(TurnstileStub.passSolvedOn("anywhere.example", "x"), "192.0.2.7"))
			.verifyComplete();
	}

	@Test
	void aTokenSolvedForAnotherActionIsRejected() {
		rejected(verifier(List.of(), "register"), TurnstileStub.passSolvedOn("localhost", "login"));
	}

	@Test
	void aTokenSolvedForTheExpectedActionIsAccepted() {
		StepVerifier.create(verifier(List.of("localhost"), "register").verify(TurnstileStub.PASS, "192.0.2.7"))
			.verifyComplete();
	}

	@Test
	void theClientAddressIsSentAsRemoteIp() {
		StepVerifier.create(verifier(List.of(), null).verify(TurnstileStub.PASS, "198.51.100.23")).verifyComplete();
		assertThat(SITEVERIFY.received()).last()
			.satisfies(form -> assertThat(form).containsEntry("remoteip", "198.51.100.23"));
	}

}
