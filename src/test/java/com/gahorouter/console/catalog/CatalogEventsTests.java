package com.gahorouter.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The event stream's shape, without a server: heartbeats, slow clients, shutdown. */
class CatalogEventsTests {

    private final CatalogChanges changes = new CatalogChanges();
    private final AvailableGroups available = mock(AvailableGroups.class);
    /** The tenant's current list version; a test bumps it when it announces a change. */
    private final AtomicInteger version = new AtomicInteger(1);
    private final UUID tenantId = UUID.randomUUID();

    CatalogEventsTests() {
        when(available.changes()).thenAnswer(invocation -> changes.changes());
        when(available.forTenant(tenantId)).thenAnswer(invocation -> Mono.fromSupplier(() -> {
            int current = version.get();
            return new GroupList(List.of(), ("[" + current + "]").getBytes(), "\"v" + current + "\"");
        }));
    }

    private CatalogHandler handler(Duration heartbeat) {
        return new CatalogHandler(available, null, null, null, new CatalogProperties(1000, Duration.ofMinutes(1), heartbeat));
    }

    @Test
    void sendsTheListOnConnectHeartbeatsAndCompletesOnShutdown() {
        changes.start();
        StepVerifier.withVirtualTime(() -> handler(Duration.ofSeconds(15)).events(tenantId))
                .assertNext(event -> {
                    assertThat(event.event()).isEqualTo("model-groups");
                    assertThat(event.data()).isEqualTo("[1]");
                })
                .expectNoEvent(Duration.ofSeconds(14))
                .thenAwait(Duration.ofSeconds(1))
                .assertNext(event -> assertThat(event.comment()).isEqualTo("heartbeat"))
                .then(changes::stop)
                .verifyComplete();
    }

    @Test
    void aSlowClientGetsOnlyTheLatestListAndOthersAreNotHeldUp() {
        changes.start();
        CatalogHandler handler = handler(Duration.ofHours(1));
        UUID otherTenant = UUID.randomUUID();
        when(available.forTenant(otherTenant)).thenAnswer(invocation -> Mono.fromSupplier(
                () -> new GroupList(List.of(), "[]".getBytes(), "\"other-" + UUID.randomUUID() + "\"")));

        var fast = StepVerifier.create(handler.events(otherTenant).map(ServerSentEvent::event).take(4))
                .expectNextCount(4)
                .expectComplete()
                .verifyLater();
        StepVerifier.create(handler.events(tenantId).map(ServerSentEvent::data), 1)
                .expectNext("[1]")
                .then(() -> {
                    for (int i = 0; i < 3; i++) {
                        version.incrementAndGet();
                        changes.publish(AvailableGroups.ALL_TENANTS);
                    }
                })
                .expectNoEvent(Duration.ofMillis(50))
                .thenRequest(Long.MAX_VALUE)
                // The one list already handed on when [1] was read, then straight to the latest: [3] is skipped.
                .expectNext("[2]", "[4]")
                .then(changes::stop)
                .verifyComplete();
        fast.verify(Duration.ofSeconds(5));
    }

    @Test
    void changesOfOtherTenantsSendNothing() {
        changes.start();
        StepVerifier.create(handler(Duration.ofHours(1)).events(tenantId).map(ServerSentEvent::data))
                .expectNext("[1]")
                .then(() -> changes.publish(UUID.randomUUID()))
                .expectNoEvent(Duration.ofMillis(50))
                .then(() -> {
                    version.incrementAndGet();
                    changes.publish(tenantId);
                })
                .expectNext("[2]")
                .then(changes::stop)
                .verifyComplete();
    }
}
