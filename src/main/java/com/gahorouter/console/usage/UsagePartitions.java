package com.gahorouter.console.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the daily partitions of {@code usage_records}: at start-up and every hour it
 * creates the partitions from today to {@code gahorouter.usage.partitions-ahead} days
 * ahead, and drops those wholly older than {@code gahorouter.usage.retention} (the
 * rollups and the ledger are kept forever). Replicas do this under one advisory lock, so
 * they never race on the same partition.
 */
@Component
class UsagePartitions implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UsagePartitions.class);

	private static final Duration EVERY = Duration.ofHours(1);

	private final UsagePartitionRepository partitions;

	private final UsageProperties properties;

	private final Clock clock = Clock.systemUTC();

	private volatile Disposable schedule;

	UsagePartitions(UsagePartitionRepository partitions, UsageProperties properties) {
		this.partitions = partitions;
		this.properties = properties;
	}

	/** Creates the partitions ahead and drops the expired ones; one run. */
	Mono<Void> maintain() {
		LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
		LocalDate oldestKept = today.minusDays(properties.retention().toDays());
		return partitions.maintain(today, today.plusDays(properties.partitionsAhead()), oldestKept);
	}

	@Override
	public void start() {
		schedule = Flux.interval(Duration.ZERO, EVERY).concatMap(tick -> maintain().onErrorResume(error -> {
			log.warn("Could not maintain the usage partitions: {}", error.toString());
			return Mono.empty();
		})).subscribe();
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
