package com.gahorouter.console.catalog;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * This server's feed of "the available groups of this tenant changed" (or
 * {@link AvailableGroups#ALL_TENANTS}). Subscribers get every signal as long as they keep
 * demand (the events stream requests unbounded and keeps only the latest), so one slow
 * subscriber never holds up another. Completes before the web server's graceful shutdown,
 * so open event streams end cleanly instead of holding it up.
 */
@Component
class CatalogChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CatalogChanges.class);

	/**
	 * Before {@code WebServerGracefulShutdownLifecycle} (DEFAULT_PHASE - 1024): stops run
	 * in descending phase.
	 */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	/**
	 * Replaced on start after a stop: a paused and restarted context (the tests do that)
	 * gets a live feed again.
	 */
	private volatile Sinks.Many<UUID> sink = Sinks.many().multicast().directBestEffort();

	private volatile boolean running;

	private boolean completed;

	/**
	 * Request threads (after their commit) and the change listener publish concurrently:
	 * the monitor makes their emissions serial, for the microseconds a delivery takes,
	 * instead of one failing or spinning.
	 */
	synchronized void publish(UUID tenantIdOrAll) {
		Sinks.EmitResult result = sink.tryEmitNext(tenantIdOrAll);
		if (result.isFailure() && result != Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER
				&& result != Sinks.EmitResult.FAIL_TERMINATED) {
			log.warn("Could not announce a change of available groups: {}", result);
		}
	}

	/** Each subscription follows the sink current at subscription time. */
	Flux<UUID> changes() {
		return Flux.defer(() -> sink.asFlux());
	}

	@Override
	public synchronized void start() {
		if (completed) {
			sink = Sinks.many().multicast().directBestEffort();
			completed = false;
		}
		running = true;
	}

	@Override
	public synchronized void stop() {
		running = false;
		sink.tryEmitComplete();
		completed = true;
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
