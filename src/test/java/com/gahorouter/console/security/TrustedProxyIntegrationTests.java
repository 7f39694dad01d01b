package com.gahorouter.console.security;

import static com.gahorouter.console.security.ClientAddressIntegrationTests.remoteIpSentWith;
import static com.gahorouter.console.system.ConsoleClient.registration;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.TurnstileStub;

/**
 * Finding 6 behind a trusted proxy (a context of its own: loopback and 10/8 are trusted,
 * the per-IP registration limit is 2): the client is the right-most hop that is not a
 * trusted proxy, and per-IP limits and Turnstile's {@code remoteip} use it.
 */
@TestPropertySource(properties = { "gahorouter.trusted-proxies=127.0.0.1/32, 10.0.0.0/8, ::1",
		"gahorouter.rate-limit.registrations-per-ip=2" })
class TrustedProxyIntegrationTests extends IntegrationTest {

	@Test
	void theClientIsTheRightMostUntrustedHopOfXForwardedFor() {
		String token = uniqueToken();
		register(token, "X-Forwarded-For", "192.0.2.66, 198.51.100.20, 10.1.2.3").expectStatus().isCreated();
		// 192.0.2.66 may be a lie told by the client; 198.51.100.20 is what our proxies
		// saw.
		assertThat(remoteIpSentWith(token)).isEqualTo("198.51.100.20");
	}

	@Test
	void theClientIsTheRightMostUntrustedHopOfForwarded() {
		String token = uniqueToken();
		register(token, "Forwarded", "for=192.0.2.67;proto=https, for=\"[2001:db8:cafe::17]:4711\", for=10.9.9.9")
			.expectStatus()
			.isCreated();
		assertThat(remoteIpSentWith(token)).isEqualTo("2001:db8:cafe:0:0:0:0:17");
	}

	@Test
	void aHopThatIsNoAddressEndsTheWalkAtTheTrustedProxy() {
		String token = uniqueToken();
		register(token, "X-Forwarded-For", "unknown, 10.4.4.4").expectStatus().isCreated();
		assertThat(remoteIpSentWith(token)).isEqualTo("10.4.4.4");
	}

	@Test
	void perIpLimitsCountTheForwardedClient() {
		register(uniqueToken(), "X-Forwarded-For", "198.51.100.30").expectStatus().isCreated();
		register(uniqueToken(), "X-Forwarded-For", "198.51.100.30").expectStatus().isCreated();
		register(uniqueToken(), "X-Forwarded-For", "198.51.100.30").expectStatus()
			.isEqualTo(HttpStatus.TOO_MANY_REQUESTS)
			.expectHeader()
			.exists("Retry-After")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("RATE_LIMITED");
		// Another client behind the same proxy has its own allowance.
		register(uniqueToken(), "X-Forwarded-For", "198.51.100.31").expectStatus().isCreated();
	}

	private static String uniqueToken() {
		return TurnstileStub.passSolvedOn(TurnstileStub.HOSTNAME + "-" + UUID.randomUUID(), TurnstileStub.ACTION);
	}

	private WebTestClient.ResponseSpec register(String turnstileToken, String header, String value) {
		Map<String, Object> body = registration(uniqueEmail("proxied"), "CN");
		body.put("turnstileToken", turnstileToken);
		return web.post()
			.uri("/api/auth/register")
			.header(header, value)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
