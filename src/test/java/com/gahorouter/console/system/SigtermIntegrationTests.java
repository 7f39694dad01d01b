package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.gahorouter.console.GahorouterApplication;

/**
 * The server as a process of its own ({@code main}, its own embedded PostgreSQL): SIGTERM
 * shuts it down gracefully and the process exits 0, with its embedded database stopped.
 */
class SigtermIntegrationTests {

	@Test
	void sigtermShutsTheServerDownGracefullyAndExitsZero() throws Exception {
		int port = freePort();
		Path output = Files.createTempFile("gahorouter-sigterm", ".log");
		// A directory of its own per run: a database left running by a broken run must
		// not block this one.
		Path data = Path.of("target", "embedded-pg-sigterm-" + ProcessHandle.current().pid() + "-" + port);
		String java = ProcessHandle.current().info().command().orElse("java");
		Process server = new ProcessBuilder(
				List.of(java, "-cp", System.getProperty("java.class.path"), GahorouterApplication.class.getName(),
						"--spring.profiles.active=test", "--server.port=" + port, "--management.server.port=0",
						"--gahorouter.embedded-db.dir=" + data, "--gahorouter.embedded-db.clean=true"))
			.redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		ProcessHandle database = null;
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
			while (!ready(http, port)) {
				assertThat(server.isAlive()).as("the server runs: " + tail(output)).isTrue();
				assertThat(System.nanoTime()).as("ready within 180 s").isLessThan(deadline);
				server.waitFor(250, TimeUnit.MILLISECONDS); // returns at once if the
															// server died
			}
			// pg_ctl daemonizes PostgreSQL: find it through its pid file, not as a child
			// process.
			long postmaster = Long.parseLong(Files.readAllLines(data.resolve("pgdata/postmaster.pid")).get(0).trim());
			database = ProcessHandle.of(postmaster).orElseThrow();

			server.destroy(); // SIGTERM
			assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("exited within 60 s").isTrue();
			assertThat(server.exitValue()).as("exit status; output: " + tail(output)).isZero();
			assertThat(Files.readString(output)).contains("Graceful shutdown complete");
			database.onExit().get(30, TimeUnit.SECONDS);
		}
		finally {
			server.destroyForcibly();
			if (database != null) {
				database.destroy();
			}
		}
	}

	private static boolean ready(HttpClient http, int port) {
		try {
			return http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/readyz"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException e) {
			return false;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String tail(Path output) {
		try {
			String text = Files.readString(output);
			return text.substring(Math.max(0, text.length() - 3000));
		}
		catch (IOException e) {
			return e.toString();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
