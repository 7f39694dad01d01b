package com.gahorouter.console.apikey;

import java.util.UUID;

import org.springframework.web.reactive.function.server.ServerRequest;

import com.gahorouter.console.system.QueryParameters;

/**
 * The paging parameters of the console's lists ({@code GET /api/api-keys},
 * {@code /api/members}, {@code /api/invitations}): {@code limit} (1–200, default 50) and
 * {@code before}, the id of the last item seen; a bad value is {@code VALIDATION_FAILED}
 * naming it.
 */
public final class ListPage {

	public static final int DEFAULT_LIMIT = 50;

	public static final int MAX_LIMIT = 200;

	private ListPage() {
	}

	/** The page size asked for. */
	public static int limit(ServerRequest request) {
		return QueryParameters.wholeNumber(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
	}

	/** The id of the last item the client has seen; null for the first page. */
	public static UUID before(ServerRequest request) {
		return QueryParameters.uuid(request, "before", "must be the id of an item of the list").orElse(null);
	}

}
