package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;

/**
 * The actuator lives on the management port only (Trust finding 13): the public port
 * serves the probes at {@code /livez} and {@code /readyz} and answers 404 to
 * {@code /actuator/**}; readiness includes the database.
 */
class ManagementPortIntegrationTests extends IntegrationTest {

	@Autowired
	private HealthEndpointGroups healthGroups;

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/prometheus", "/actuator/info", "/actuator/health", "/actuator/health/readiness",
			"/actuator" })
	void thePublicPortAnswers404ToTheActuator(String path) {
		web.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/livez", "/readyz" })
	void thePublicPortServesTheProbes(String path) {
		web.get().uri(path).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("UP");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/liveness", "/actuator/health/readiness", "/actuator/info",
			"/actuator/prometheus" })
	void theManagementPortServesTheActuator(String path) {
		management().get().uri(path).exchange().expectStatus().isOk();
	}

	/**
	 * WebFlux's child management context sees the parent's routes but not its security
	 * filters.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "/api/auth/config", "/api/admin/tenants", "/api/me", "/v3/api-docs", "/livez",
			"/internal/key-checks" })
	void theManagementPortServesNothingButTheActuator(String path) {
		assertThat(managementPort).isPositive();
		management().get().uri(path).exchange().expectStatus().isNotFound();
	}

	@Test
	void readinessIncludesTheDatabaseAndLivenessDoesNot() {
		assertThat(healthGroups.get("readiness").isMember("r2dbc")).isTrue();
		assertThat(healthGroups.get("liveness").isMember("r2dbc")).isFalse();
	}

}
