package com.gahorouter.console.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The periodic purge of dead rows ({@link ExpiredRowsPurge}).
 *
 * @param every how often the purge runs on each replica (the first run one interval after
 * start-up)
 * @param grace rows are purged only once they have been dead (expired, revoked, used)
 * this long
 * @param batchSize rows deleted per statement
 * @param maxBatches statements per kind of row per run, so that one run stays short; what
 * is left waits for the next run
 */
@ConfigurationProperties("gahorouter.purge")
public record PurgeProperties(@DefaultValue("1h") Duration every, @DefaultValue("1d") Duration grace,
		@DefaultValue("1000") int batchSize, @DefaultValue("100") int maxBatches) {
}
