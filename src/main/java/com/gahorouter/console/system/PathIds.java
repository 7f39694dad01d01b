package com.gahorouter.console.system;

import java.util.UUID;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Reads UUID path variables; a malformed id is an unknown one ({@code NOT_FOUND}), as for
 * any other id.
 */
public final class PathIds {

	private PathIds() {
	}

	public static UUID uuid(ServerRequest request, String variable) {
		try {
			return UUID.fromString(request.pathVariable(variable));
		}
		catch (IllegalArgumentException e) {
			throw ApiException.notFound();
		}
	}

}
