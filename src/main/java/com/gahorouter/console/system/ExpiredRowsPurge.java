package com.gahorouter.console.system;

import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes dead rows every {@code gahorouter.purge.every}: each {@link ExpiredRows} bean
 * (sessions, password-reset codes, invitations) in batches of
 * {@code gahorouter.purge.batch-size}, at most {@code max-batches} per kind and run, one
 * kind after the other, so a run is bounded and never fans out. Replicas may purge at the
 * same time: a delete is idempotent. A failed run is logged and the next one tries again.
 */
@Component
public class ExpiredRowsPurge implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ExpiredRowsPurge.class);

	private final List<ExpiredRows> kinds;

	private final PurgeProperties properties;

	private volatile Disposable schedule;

	ExpiredRowsPurge(List<ExpiredRows> kinds, PurgeProperties properties) {
		this.kinds = List.copyOf(kinds);
		this.properties = properties;
	}

	/** One run over every kind; emits how many rows were deleted. */
	public Mono<Long> purgeOnce() {
		return Mono.defer(() -> {
			Instant deadBefore = Instant.now().minus(properties.grace());
			return Flux.fromIterable(kinds).concatMap(kind -> purge(kind, deadBefore)).reduce(0L, Long::sum);
		});
	}

	private Mono<Long> purge(ExpiredRows kind, Instant deadBefore) {
		int batch = properties.batchSize();
		return kind.deleteExpired(deadBefore, batch)
			.repeat(properties.maxBatches() - 1L)
			.takeUntil(deleted -> deleted < batch)
			.reduce(0L, Long::sum)
			.doOnNext(deleted -> {
				if (deleted > 0) {
					log.info("Purged {} dead {}", deleted, kind.name());
				}
			});
	}

	@Override
	public void start() {
		schedule = Flux.interval(properties.every(), properties.every())
			.onBackpressureDrop()
			.concatMap(tick -> purgeOnce().onErrorResume(error -> {
				log.warn("Could not purge dead rows: {}", error.toString());
				return Mono.empty();
			}))
			.subscribe();
	}

	@Override
	public void stop() {
		if (schedule != null) {
			schedule.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return schedule != null && !schedule.isDisposed();
	}

}
