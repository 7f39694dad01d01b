package com.gahorouter.console.security;

import static com.gahorouter.console.system.ConsoleClient.registration;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.TurnstileStub;

/**
 * Finding 6, in the shared context (no trusted proxies, the default): forwarding headers
 * sent by the peer itself change nothing, neither Turnstile's {@code remoteip} nor the
 * per-IP limits.
 */
class ClientAddressIntegrationTests extends IntegrationTest {

	@Test
	void forwardingHeadersFromAnUntrustedPeerAreIgnored() {
		String token = TurnstileStub.passSolvedOn(TurnstileStub.HOSTNAME + "-" + UUID.randomUUID(),
				TurnstileStub.ACTION);
		register(token, "X-Forwarded-For", "203.0.113.50").expectStatus().isCreated();
		assertThat(remoteIpSentWith(token)).isEqualTo("127.0.0.1");

		String other = TurnstileStub.passSolvedOn(TurnstileStub.HOSTNAME + "-" + UUID.randomUUID(),
				TurnstileStub.ACTION);
		register(other, "Forwarded", "for=203.0.113.51").expectStatus().isCreated();
		assertThat(remoteIpSentWith(other)).isEqualTo("127.0.0.1");
	}

	WebTestClient.ResponseSpec register(String turnstileToken, String header, String value) {
		Map<String, Object> body = registration(uniqueEmail("fwd"), "CN");
		body.put("turnstileToken", turnstileToken);
		return web.post()
			.uri("/api/auth/register")
			.header(header, value)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	static String remoteIpSentWith(String turnstileToken) {
		return TURNSTILE.received()
			.stream()
			.filter(form -> turnstileToken.equals(form.get("response")))
			.map(form -> form.get("remoteip"))
			.findFirst()
			.orElseThrow();
	}

}
