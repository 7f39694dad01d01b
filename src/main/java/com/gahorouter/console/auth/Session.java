package com.gahorouter.console.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * A session that has not been revoked, with its user: what {@link SessionService} caches
 * per token hash.
 */
record Session(ConsoleUser user, Instant lastSeenAt, Instant expiresAt) {

	/**
	 * Neither past its absolute expiry nor unused for longer than {@code idleTimeout}.
	 */
	boolean isLive(Instant now, Duration idleTimeout) {
		return now.isBefore(expiresAt) && now.isBefore(lastSeenAt.plus(idleTimeout));
	}

	/** The same session, seen at {@code now} (unless it was seen later already). */
	Session seenAt(Instant now) {
		return now.isAfter(lastSeenAt) ? new Session(user, now, expiresAt) : this;
	}

}
