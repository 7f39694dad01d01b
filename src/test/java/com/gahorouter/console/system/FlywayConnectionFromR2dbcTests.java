package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class FlywayConnectionFromR2dbcTests {

	private final FlywayConnectionFromR2dbc postProcessor = new FlywayConnectionFromR2dbc();

	@Test
	void derivesJdbcUrlAndCredentialsFromR2dbc() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.r2dbc.url", "r2dbc:postgresql://db.internal:5433/gahorouter?sslMode=require")
			.withProperty("spring.r2dbc.username", "console")
			.withProperty("spring.r2dbc.password", "from-the-secret");

		postProcessor.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.flyway.url"))
			.isEqualTo("jdbc:postgresql://db.internal:5433/gahorouter?sslMode=require");
		assertThat(environment.getProperty("spring.flyway.user")).isEqualTo("console");
		assertThat(environment.getProperty("spring.flyway.password")).isEqualTo("from-the-secret");
	}

	@Test
	void poolUrlsLoseThePoolDriver() {
		assertThat(FlywayConnectionFromR2dbc.jdbcUrl("r2dbc:pool:postgresql://h/db"))
			.isEqualTo("jdbc:postgresql://h/db");
	}

	@Test
	void explicitFlywaySettingsWin() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.r2dbc.url", "r2dbc:postgresql://a/db")
			.withProperty("spring.flyway.url", "jdbc:postgresql://migrations/db");

		postProcessor.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.flyway.url")).isEqualTo("jdbc:postgresql://migrations/db");
	}

}
