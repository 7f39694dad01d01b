package com.gahorouter.console.catalog;

import java.time.Duration;
import java.util.UUID;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This server's feed of "the available groups of this tenant changed" (or {@link AvailableGroups#ALL_TENANTS}).
 * Subscribers get every signal as long as they keep demand (the events stream requests unbounded and keeps only
 * the latest), so one slow subscriber never holds up another. Completes before the web server's graceful
 * shutdown, so open event streams end cleanly instead of holding it up.
 */
@Component
class CatalogChanges implements SmartLifecycle {

    /** Before {@code WebServerGracefulShutdownLifecycle} (DEFAULT_PHASE - 1024): stops run in descending phase. */
    private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;
    private static final Sinks.EmitFailureHandler RETRY_CONCURRENT_EMIT =
            Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(1));

    private final Sinks.Many<UUID> sink = Sinks.many().multicast().directBestEffort();
    private volatile boolean running;

    void publish(UUID tenantIdOrAll) {
        sink.emitNext(tenantIdOrAll, RETRY_CONCURRENT_EMIT);
    }

    Flux<UUID> changes() {
        return sink.asFlux();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        sink.emitComplete(RETRY_CONCURRENT_EMIT);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
