package com.gahorouter.console.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * Base of every test that starts the server, holding only the infrastructure: the real
 * HTTP stack on a random port, the one embedded PostgreSQL of this JVM, a local Turnstile
 * stand-in and GreenMail for SMTP. Subclasses that add no properties share one
 * application context. What a test does through the API it does with the typed clients it
 * autowires ({@link ConsoleClient}, {@link OperatorClient}, {@link GatewayClient}) and
 * what it checks in the database with {@link TestDatabase}; each test makes its own
 * tenant with unique emails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
@Import({ ConsoleClient.class, OperatorClient.class, GatewayClient.class, GovernanceClient.class, TestDatabase.class })
public abstract class IntegrationTest {

	/**
	 * Argon2 on 2 shared cores under concurrent tests can take longer than the 5 s
	 * default.
	 */
	static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

	protected static final String PASSWORD = ConsoleClient.PASSWORD;

	protected static final TurnstileStub TURNSTILE = TurnstileStub.start();

	protected static final GreenMail MAIL = startMail();

	@Autowired
	private WebTestClient defaultClient;

	/** A client of the server with the longer response timeout, for raw exchanges. */
	protected WebTestClient web;

	/**
	 * The actuator's port (management.server.port; 0 in the test profile, so a free one).
	 */
	@LocalManagementPort
	protected int managementPort;

	@DynamicPropertySource
	static void externalServices(DynamicPropertyRegistry registry) {
		registry.add("gahorouter.turnstile.verify-url", TURNSTILE::url);
		registry.add("gahorouter.turnstile.secret-key", () -> TurnstileStub.SECRET);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	@BeforeEach
	void longerTimeout() {
		web = defaultClient.mutate().responseTimeout(RESPONSE_TIMEOUT).build();
	}

	/**
	 * A client of the management port, where the actuator lives (never exposed publicly).
	 */
	protected WebTestClient management() {
		// A scrape of a server that has answered many routes' requests (one histogram per
		// route, method and status) outgrows the client's default 256 KiB.
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + managementPort)
			.responseTimeout(Duration.ofSeconds(30))
			.codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
			.build();
	}

	/**
	 * A unique email on a domain of its own, so mailboxes and accounts never collide
	 * between tests.
	 */
	protected static String uniqueEmail(String name) {
		return ConsoleClient.uniqueEmail(name);
	}

	private static GreenMail startMail() {
		GreenMail mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		mail.start();
		return mail;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
