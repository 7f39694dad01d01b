package com.gahorouter.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.FluxExchangeResult;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.OperatorClient;
import com.gahorouter.console.system.SignedIn;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/model-groups/events} through the real server: what a tenant's open
 * stream shows when a grant of a restricted group adds it and withdrawing the grant
 * removes it, and that another tenant's grant does not reach it. (Operator edits and
 * blocks are in {@link CatalogIntegrationTests}; heartbeats, slow clients and shutdown
 * are timed in {@link GroupListEventsTests}.)
 */
class CatalogEventsIntegrationTests extends IntegrationTest {

	@Autowired
	private ConsoleClient console;

	@Autowired
	private OperatorClient operator;

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void aGrantAndItsWithdrawalEachSendTheNewListAndAnotherTenantsGrantDoesNot() {
		UUID cn = operator.createGroup("CN", "PUBLIC", "ACTIVE", "1.0").id();
		UUID restricted = operator.createGroup("CN", "RESTRICTED", "ACTIVE", "1.0").id();
		UUID overseas = operator.createGroup("OVERSEAS", "PUBLIC", "ACTIVE", "1.0").id();
		SignedIn tenant = console.registerTenant("CN");
		SignedIn other = console.registerTenant("CN");

		StepVerifier.create(groupLists(tenant))
			.assertNext(ids -> assertThat(ids).contains(cn).doesNotContain(restricted, overseas))
			// Another tenant's grant does not reach this stream (an event here would
			// carry the restricted group).
			.then(() -> inBackground(() -> setAccess(other.tenantId(), restricted, "GRANTED")))
			.expectNoEvent(Duration.ofSeconds(1))
			.then(() -> inBackground(() -> setAccess(tenant.tenantId(), restricted, "GRANTED")))
			.assertNext(ids -> assertThat(ids).contains(cn, restricted).doesNotContain(overseas))
			.then(() -> inBackground(() -> setAccess(tenant.tenantId(), restricted, "DEFAULT")))
			.assertNext(ids -> assertThat(ids).contains(cn).doesNotContain(restricted, overseas))
			.thenCancel()
			.verify(Duration.ofSeconds(30));
	}

	@Test
	void theStreamIsForSignedInTenantsOnly() {
		web.get()
			.uri("/api/model-groups/events")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UNAUTHENTICATED");
	}

	/**
	 * The ids in each {@code model-groups} event of the tenant's stream (heartbeats left
	 * out).
	 */
	private Flux<List<UUID>> groupLists(SignedIn tenant) {
		FluxExchangeResult<ServerSentEvent<String>> result = web.get()
			.uri("/api/model-groups/events")
			.headers(h -> h.setBearerAuth(tenant.token()))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectHeader()
			.valueEquals("Cache-Control", "no-cache")
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			});
		return result.getResponseBody()
			.filter(event -> GroupListEvents.EVENT_NAME.equals(event.event()))
			.map(event -> json.readValue(event.data(), new TypeReference<List<Map<String, Object>>>() {
			}).stream().map(group -> UUID.fromString((String) group.get("id"))).toList());
	}

	private void setAccess(UUID tenantId, UUID groupId, String access) {
		operator.setAccess(tenantId, groupId, access).expectStatus().isOk();
	}

	/**
	 * Calls made while the stream is being verified must not run on the verifying thread.
	 */
	private static void inBackground(Runnable action) {
		Schedulers.boundedElastic().schedule(action);
	}

}
