package com.gahorouter.console.catalog;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The open {@code GET /api/model-groups/events} streams of each session on this replica:
 * at most {@value #PER_SESSION}, so one token cannot hold an unbounded number of
 * connections and subscriptions.
 */
@Component
class EventStreamSlots {

	static final int PER_SESSION = 5;

	private final Map<UUID, Integer> open = new ConcurrentHashMap<>();

	/** Takes a slot of the session; false when all are taken. */
	boolean tryAcquire(UUID sessionId) {
		boolean[] acquired = { false };
		open.compute(sessionId, (id, count) -> {
			int current = count == null ? 0 : count;
			if (current >= PER_SESSION) {
				return count;
			}
			acquired[0] = true;
			return current + 1;
		});
		return acquired[0];
	}

	/** Gives a slot of the session back (its stream ended). */
	void release(UUID sessionId) {
		open.computeIfPresent(sessionId, (id, count) -> count <= 1 ? null : count - 1);
	}

}
