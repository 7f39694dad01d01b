package com.gahorouter.console.system;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.Readable;

/**
 * The values repositories bind and read that R2DBC does not handle on its own: a
 * parameter that may be null (R2DBC needs its type) and arrays of ids ({@code uuid[]}
 * columns and {@code = any(:ids)} filters).
 */
public final class SqlParameters {

	private SqlParameters() {
	}

	/**
	 * A parameter of {@code type} that may be null:
	 * {@code spec.bind("email", nullable(email, String.class))}.
	 */
	public static Parameter nullable(Object value, Class<?> type) {
		return value == null ? Parameters.in(type) : Parameters.in(value);
	}

	/** Ids as a {@code uuid[]} parameter. */
	public static UUID[] uuidArray(Collection<UUID> ids) {
		return ids.toArray(UUID[]::new);
	}

	/** A {@code uuid[]} column as a list; empty when null. */
	public static List<UUID> uuidList(Readable row, String column) {
		UUID[] ids = row.get(column, UUID[].class);
		return ids == null ? List.of() : Arrays.asList(ids);
	}

}
