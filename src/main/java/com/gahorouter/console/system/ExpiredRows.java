package com.gahorouter.console.system;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * Rows of one kind that are dead for good (expired, revoked, used) and only take space: a
 * feature provides one as a bean and {@link ExpiredRowsPurge} deletes them periodically.
 */
public interface ExpiredRows {

	/** What is purged, for the log ({@code sessions}, …). */
	String name();

	/**
	 * Deletes at most {@code batch} rows that were dead before {@code deadBefore} and
	 * emits how many it deleted; the purge calls again while a batch comes back full.
	 */
	Mono<Long> deleteExpired(Instant deadBefore, int batch);

}
