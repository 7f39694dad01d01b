package com.gahorouter.console.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.GahorouterApplication;

/**
 * Another replica in the test JVM: an application context of its own with the test
 * profile on the JVM's one embedded PostgreSQL, the same Turnstile stand-in and GreenMail
 * as {@link IntegrationTest}'s. Closing one also disturbs the other servers of the JVM
 * (see {@link TwoReplicasIntegrationTests}): a test class that starts one is
 * {@code @DirtiesContext} and closes its replicas only when it no longer calls the
 * others.
 */
public final class Replica {

	private Replica() {
	}

	/** Starts a replica on a free port; {@code arguments} add or override properties. */
	public static ConfigurableApplicationContext start(String... arguments) {
		List<String> all = new ArrayList<>(
				List.of("--server.port=0", "--gahorouter.turnstile.verify-url=" + IntegrationTest.TURNSTILE.url(),
						"--gahorouter.turnstile.secret-key=" + TurnstileStub.SECRET, "--spring.mail.host=127.0.0.1",
						"--spring.mail.port=" + IntegrationTest.MAIL.getSmtp().getPort()));
		all.addAll(Arrays.asList(arguments));
		// Command-line arguments: builder properties are defaults, which
		// application.yaml's 8080 would beat.
		return new SpringApplicationBuilder(GahorouterApplication.class).profiles("test")
			.run(all.toArray(String[]::new));
	}

	/** A client of the replica's public port. */
	public static WebTestClient client(ConfigurableApplicationContext replica) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		return WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + port)
			.responseTimeout(IntegrationTest.RESPONSE_TIMEOUT)
			.build();
	}

}
