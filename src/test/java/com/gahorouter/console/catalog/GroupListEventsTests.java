package com.gahorouter.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The event stream's shape, without a server: heartbeats, slow clients, other tenants'
 * changes, shutdown. The change feed is the real {@link CatalogChanges} (its
 * {@code stop()} is what shutdown calls); the lists come from a plain function whose list
 * version a test bumps when it announces a change.
 */
class GroupListEventsTests {

	private static final UUID TENANT = new UUID(0L, 1L);

	private static final UUID OTHER_TENANT = new UUID(0L, 2L);

	private final CatalogChanges changes = new CatalogChanges();

	/**
	 * Each tenant's current list version; a test bumps one when it announces a change.
	 */
	private final Map<UUID, AtomicInteger> versions = new ConcurrentHashMap<>();

	/** How often each tenant's list was loaded. */
	private final Map<UUID, AtomicInteger> loads = new ConcurrentHashMap<>();

	private Mono<GroupList> list(UUID tenantId) {
		return Mono.fromSupplier(() -> {
			loads.computeIfAbsent(tenantId, id -> new AtomicInteger()).incrementAndGet();
			int version = version(tenantId).get();
			return new GroupList(List.of(), ("[" + version + "]").getBytes(), "\"" + tenantId + "-" + version + "\"");
		});
	}

	private AtomicInteger version(UUID tenantId) {
		return versions.computeIfAbsent(tenantId, id -> new AtomicInteger(1));
	}

	private int loads(UUID tenantId) {
		return loads.getOrDefault(tenantId, new AtomicInteger()).get();
	}

	private GroupListEvents events(Duration heartbeat) {
		changes.start();
		return new GroupListEvents(changes.changes(), this::list, heartbeat);
	}

	@Test
	void sendsTheListOnConnectHeartbeatsAndCompletesOnShutdown() {
		StepVerifier.withVirtualTime(() -> events(Duration.ofSeconds(15)).forTenant(TENANT)).assertNext(event -> {
			assertThat(event.event()).isEqualTo("model-groups");
			assertThat(event.data()).isEqualTo("[1]");
		}).expectNoEvent(Duration.ofSeconds(14)).thenAwait(Duration.ofSeconds(1)).assertNext(event -> {
			assertThat(event.comment()).isEqualTo("heartbeat");
			assertThat(event.event()).isNull();
			assertThat(event.data()).isNull();
		})
			.thenAwait(Duration.ofSeconds(15))
			.assertNext(event -> assertThat(event.comment()).isEqualTo("heartbeat"))
			.then(changes::stop)
			.verifyComplete();
		assertThat(changes.isRunning()).isFalse();
	}

	@Test
	void aSlowClientGetsOnlyTheLatestListAndOthersAreNotHeldUp() {
		GroupListEvents events = events(Duration.ofHours(1));

		// A fast client of another tenant: its list changes with every catalog-wide
		// change.
		var fast = StepVerifier.create(events.forTenant(OTHER_TENANT).map(ServerSentEvent::data).take(4))
			.expectNext("[1]", "[2]", "[3]", "[4]")
			.expectComplete()
			.verifyLater();
		StepVerifier.create(events.forTenant(TENANT).map(ServerSentEvent::data), 1).expectNext("[1]").then(() -> {
			for (int i = 0; i < 3; i++) {
				version(TENANT).incrementAndGet();
				version(OTHER_TENANT).incrementAndGet();
				changes.publish(AvailableGroups.ALL_TENANTS);
			}
		})
			.expectNoEvent(Duration.ofMillis(50))
			.thenRequest(Long.MAX_VALUE)
			// The one list already handed on when [1] was read, then straight to the
			// latest: [3] is skipped.
			.expectNext("[2]", "[4]")
			.then(changes::stop)
			.verifyComplete();
		fast.verify(Duration.ofSeconds(5));
	}

	@Test
	void changesOfOtherTenantsLoadAndSendNothing() {
		StepVerifier.create(events(Duration.ofHours(1)).forTenant(TENANT).map(ServerSentEvent::data))
			.expectNext("[1]")
			.then(() -> {
				version(OTHER_TENANT).incrementAndGet();
				changes.publish(OTHER_TENANT);
			})
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> assertThat(loads(TENANT)).isEqualTo(1))
			.then(() -> {
				version(TENANT).incrementAndGet();
				changes.publish(TENANT);
			})
			.expectNext("[2]")
			.then(() -> assertThat(loads(TENANT)).isEqualTo(2))
			.then(changes::stop)
			.verifyComplete();
	}

	@Test
	void aChangeThatLeavesTheListAsItWasSendsNothing() {
		StepVerifier.create(events(Duration.ofHours(1)).forTenant(TENANT).map(ServerSentEvent::data))
			.expectNext("[1]")
			// Announced, reloaded, but the same list (same ETag): the client is not told
			// again.
			.then(() -> changes.publish(TENANT))
			.expectNoEvent(Duration.ofMillis(50))
			.then(() -> assertThat(loads(TENANT)).isEqualTo(2))
			.then(changes::stop)
			.verifyComplete();
	}

}
