package com.gahorouter.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

import reactor.test.StepVerifier;

/**
 * The verifier against a siteverify address where nothing listens: registration must fail
 * closed.
 */
class TurnstileVerifierTests {

	@Test
	void anUnreachableVerifierIsServiceUnavailable() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		TurnstileProperties properties = new TurnstileProperties("secret", "site",
				URI.create("http://127.0.0.1:" + closedPort + "/turnstile/v0/siteverify"), Duration.ofSeconds(5));
		TurnstileVerifier verifier = new TurnstileVerifier(properties, WebClient.builder());

		StepVerifier.create(verifier.verify("any-token", "127.0.0.1")).expectErrorSatisfies(error -> {
			assertThat(error).isInstanceOf(ApiException.class);
			assertThat(((ApiException) error).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
			assertThat(((ApiException) error).retryAfter()).isPositive();
		}).verify(Duration.ofSeconds(10));
	}

	@Test
	void withoutASecretKeyVerificationIsOff() {
		TurnstileVerifier verifier = new TurnstileVerifier(
				new TurnstileProperties(null, null, URI.create("http://127.0.0.1:1/"), Duration.ofSeconds(5)),
				WebClient.builder());

		StepVerifier.create(verifier.verify(null, "127.0.0.1")).verifyComplete();
	}

}
