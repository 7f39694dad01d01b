package com.gahorouter.console.billing;

import java.util.Optional;
import java.util.UUID;

import com.gahorouter.console.system.ApiException;

/**
 * A page request of {@code GET /api/billing/ledger}: {@code limit} entries (default 50,
 * 1–200) older than the entry {@code before} (the id of the last entry the client has
 * seen; absent for the newest page).
 */
record LedgerQuery(int limit, UUID before) {

	static final int DEFAULT_LIMIT = 50;
	static final int MAX_LIMIT = 200;

	/**
	 * Reads the query parameters; malformed ones are {@code VALIDATION_FAILED} naming the
	 * parameter.
	 */
	static LedgerQuery of(Optional<String> limit, Optional<String> before) {
		return new LedgerQuery(limit.map(LedgerQuery::limit).orElse(DEFAULT_LIMIT),
				before.map(LedgerQuery::before).orElse(null));
	}

	private static int limit(String raw) {
		try {
			int value = Integer.parseInt(raw.trim());
			if (value >= 1 && value <= MAX_LIMIT) {
				return value;
			}
		}
		catch (NumberFormatException e) {
			// answered below, like an out-of-range value
		}
		throw ApiException.validation("limit", "must be a whole number from 1 to " + MAX_LIMIT);
	}

	private static UUID before(String raw) {
		try {
			return UUID.fromString(raw.trim());
		}
		catch (IllegalArgumentException e) {
			throw unknownCursor();
		}
	}

	static ApiException unknownCursor() {
		return ApiException.validation("before", "must be the id of an entry of this ledger");
	}
}
