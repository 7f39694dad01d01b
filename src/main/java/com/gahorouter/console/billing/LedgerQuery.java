package com.gahorouter.console.billing;

import java.util.UUID;

import com.gahorouter.console.system.ApiException;

/**
 * A page request of {@code GET /api/billing/ledger}: {@code limit} entries (default 50,
 * 1–200) older than the entry {@code before} (the id of the last entry the client has
 * seen; null for the newest page).
 */
record LedgerQuery(int limit, UUID before) {

	static final int DEFAULT_LIMIT = 50;
	static final int MAX_LIMIT = 200;

	/** The message for a {@code before} that is no entry of this tenant's ledger. */
	static final String UNKNOWN_CURSOR = "must be the id of an entry of this ledger";

	static ApiException unknownCursor() {
		return ApiException.validation("before", UNKNOWN_CURSOR);
	}

}
