package com.gahorouter.console.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Starts a real PostgreSQL (zonky's embedded binaries) when no {@code spring.r2dbc.url}
 * is configured, so that the server runs on a bare machine, and points R2DBC and Flyway
 * at it before either needs it.
 *
 * <p>
 * One instance per data directory per JVM: every application context of the JVM (the
 * tests' several contexts, the two-replica test) shares it. It stops after the last
 * context has closed, through Spring Boot's shutdown handlers, so the connection pool is
 * gone before the database is.
 *
 * <p>
 * A persistent directory ({@code clean=false}, the default {@code ./data}) runs with
 * {@code synchronous_commit=on}, so that a committed transaction survives a crash; a
 * directory wiped at every start (the tests') keeps zonky's faster {@code off}.
 */
public class EmbeddedDatabase implements EnvironmentPostProcessor, Ordered {

	static final String ZONKY = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";

	private static final Map<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

	@Override
	public int getOrder() {
		return ConfigDataEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (StringUtils.hasText(environment.getProperty("spring.r2dbc.url"))) {
			return;
		}
		// The production image is built without the embedded-db profile: zonky's classes
		// are absent there, and
		// must not be loaded (this class refers to them only from the methods below,
		// reached past this check).
		if (!ClassUtils.isPresent(ZONKY, EmbeddedDatabase.class.getClassLoader())) {
			throw new IllegalStateException("No database configured: set spring.r2dbc.url (SPRING_R2DBC_URL) to "
					+ "the PostgreSQL to use. This build has no embedded PostgreSQL (it was built without the "
					+ "embedded-db Maven profile).");
		}
		EmbeddedDatabaseProperties properties = Binder.get(environment)
			.bindOrCreate("gahorouter.embedded-db", EmbeddedDatabaseProperties.class);
		Path dir = properties.dir().toAbsolutePath().normalize();
		EmbeddedPostgres postgres = RUNNING.computeIfAbsent(dir, d -> start(d, properties.clean()));
		int port = postgres.getPort();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedDatabase",
					Map.of("spring.r2dbc.url", "r2dbc:postgresql://localhost:" + port + "/postgres",
							"spring.r2dbc.username", "postgres", "spring.r2dbc.password", "", "spring.flyway.url",
							"jdbc:postgresql://localhost:" + port + "/postgres", "spring.flyway.user", "postgres",
							"spring.flyway.password", "", "gahorouter.embedded-db.running", "true")));
	}

	private static EmbeddedPostgres start(Path dir, boolean clean) {
		try {
			Files.createDirectories(dir);
			// PostgreSQL's own output goes beside its data: logging is not up yet at this
			// stage.
			Redirect log = Redirect.appendTo(dir.resolve("postgres.log").toFile());
			EmbeddedPostgres postgres = EmbeddedPostgres.builder()
				.setDataDirectory(dir.resolve("pgdata"))
				.setCleanDataDirectory(clean)
				.setRegisterShutdownHook(false)
				.setServerConfig("max_connections", "200")
				// zonky turns synchronous_commit off: fine for a throwaway test database,
				// but a
				// crash of a persistent one could lose committed top-ups.
				.setServerConfig("synchronous_commit", clean ? "off" : "on")
				.setOutputRedirector(log)
				.setErrorRedirector(log)
				.start();
			SpringApplication.getShutdownHandlers().add(() -> stop(dir));
			return postgres;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Embedded PostgreSQL did not start; see " + dir.resolve("postgres.log"), e);
		}
	}

	/** Stops the database of {@code dir} if this JVM started it. */
	static void stop(Path dir) {
		EmbeddedPostgres postgres = RUNNING.remove(dir);
		if (postgres != null) {
			try {
				postgres.close();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
	}

}
