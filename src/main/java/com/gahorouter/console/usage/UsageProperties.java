package com.gahorouter.console.usage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How usage reports are written and kept.
 *
 * @param retention how long raw usage records are kept (whole daily partitions are
 * dropped after it); rollups and the ledger are kept forever, and a request id replayed
 * after it is not recognised
 * @param partitionsAhead how many daily partitions of {@code usage_records} exist ahead
 * of today
 * @param maxWindowReports the most reports one group-commit transaction writes
 * @param concurrentWindows how many group-commit transactions may run at once on this
 * server
 * @param parallelWindowReports how many reports must wait before a window starts beside a
 * running one (fewer wait for it to commit and go together into the next: many small
 * concurrent transactions cost more CPU than their overlap saves)
 * @param maxQueuedReports reports waiting for a window beyond which new ones are refused
 * with 503 (back-pressure instead of unbounded memory)
 */
@ConfigurationProperties("gahorouter.usage")
public record UsageProperties(@DefaultValue("35d") Duration retention, @DefaultValue("7") int partitionsAhead,
		@DefaultValue("5000") int maxWindowReports, @DefaultValue("2") int concurrentWindows,
		@DefaultValue("100") int parallelWindowReports, @DefaultValue("100000") int maxQueuedReports) {
}
