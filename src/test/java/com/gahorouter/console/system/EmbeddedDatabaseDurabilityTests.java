package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Finding 20: the embedded PostgreSQL of a persistent data directory commits durably
 * ({@code synchronous_commit=on}); a directory wiped at every start (the tests') may keep
 * zonky's {@code off}. Starts real embedded databases of their own (not the tests' shared
 * one) and asks each one.
 */
class EmbeddedDatabaseDurabilityTests {

	@Test
	void aPersistentDataDirectoryCommitsSynchronously() throws SQLException {
		assertThat(synchronousCommit(false)).isEqualTo("on");
	}

	@Test
	void aDirectoryWipedAtEveryStartMayCommitAsynchronously() throws SQLException {
		assertThat(synchronousCommit(true)).isEqualTo("off");
	}

	private static String synchronousCommit(boolean clean) throws SQLException {
		Path dir = Path.of("target", "durability-pg-" + UUID.randomUUID()).toAbsolutePath().normalize();
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("gahorouter.embedded-db.dir", dir.toString(),
					"gahorouter.embedded-db.clean", String.valueOf(clean))));
		new EmbeddedDatabase().postProcessEnvironment(environment, new SpringApplication());
		try (Connection connection = DriverManager.getConnection(environment.getProperty("spring.flyway.url"),
				"postgres", "");
				ResultSet answer = connection.createStatement().executeQuery("SHOW synchronous_commit")) {
			answer.next();
			return answer.getString(1);
		}
		finally {
			EmbeddedDatabase.stop(dir);
		}
	}

}
