package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A token or key that was just looked up and missed is answered from memory for a few
 * seconds: repeating it does not reach the database again. The loads are counted by the
 * caches' miss statistics ({@code cache.gets{result=miss}}), one per database lookup.
 */
class NegativeCacheIntegrationTests extends IntegrationTest {

	@Autowired
	private GatewayClient gateway;

	@Autowired
	private MeterRegistry meters;

	@Test
	void anUnknownBearerTokenIsLookedUpOnceInAFewSeconds() {
		String token = "unknown-" + UUID.randomUUID();
		double before = loads("sessions");
		for (int i = 0; i < 10; i++) {
			web.get().uri("/api/me").headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isUnauthorized();
		}
		assertThat(loads("sessions") - before).isLessThanOrEqualTo(2);
	}

	@Test
	void anUnknownModelsKeyIsLookedUpOnceInAFewSeconds() {
		String key = "gk-unknown-" + UUID.randomUUID();
		double before = loads("api-keys");
		for (int i = 0; i < 10; i++) {
			gateway.models(key).expectStatus().isUnauthorized();
		}
		assertThat(loads("api-keys") - before).isLessThanOrEqualTo(2);
	}

	private double loads(String cache) {
		FunctionCounter misses = meters.find("cache.gets").tag("cache", cache).tag("result", "miss").functionCounter();
		return misses == null ? 0 : misses.count();
	}

}
