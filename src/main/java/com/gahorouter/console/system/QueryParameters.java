package com.gahorouter.console.system;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The one way a handler reads a query parameter: an absent or blank one is its default, a
 * malformed one is {@code VALIDATION_FAILED} naming the parameter, so every route answers
 * bad paging, ranges and enums alike.
 */
public final class QueryParameters {

	private QueryParameters() {
	}

	/**
	 * A whole number from {@code min} to {@code max}, {@code defaultValue} when absent.
	 */
	public static int wholeNumber(ServerRequest request, String name, int defaultValue, int min, int max) {
		Optional<String> raw = present(request, name);
		if (raw.isEmpty()) {
			return defaultValue;
		}
		try {
			int value = Integer.parseInt(raw.get());
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException e) {
			// answered below, like an out-of-range value
		}
		throw ApiException.validation(name, "must be a whole number from " + min + " to " + max);
	}

	/**
	 * A required enum constant, case-insensitive; the message lists the allowed values.
	 */
	public static <E extends Enum<E>> E requiredEnum(ServerRequest request, String name, Class<E> type) {
		return optionalEnum(request, name, type).orElseThrow(() -> ApiException.validation(name, allowed(type)));
	}

	/**
	 * An optional enum constant, case-insensitive; the message lists the allowed values.
	 */
	public static <E extends Enum<E>> Optional<E> optionalEnum(ServerRequest request, String name, Class<E> type) {
		return present(request, name).map(raw -> {
			try {
				return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw ApiException.validation(name, allowed(type));
			}
		});
	}

	/** An optional UUID; a malformed one is answered with {@code malformedMessage}. */
	public static Optional<UUID> uuid(ServerRequest request, String name, String malformedMessage) {
		return present(request, name).map(raw -> {
			try {
				return UUID.fromString(raw);
			}
			catch (IllegalArgumentException e) {
				throw ApiException.validation(name, malformedMessage);
			}
		});
	}

	/**
	 * An optional ISO-8601 instant. A malformed one is added to {@code errors} (and
	 * answered as absent), so that a range reports both of its ends at once.
	 */
	public static Optional<Instant> instant(ServerRequest request, String name, List<ApiException.FieldError> errors) {
		Optional<String> raw = present(request, name);
		if (raw.isEmpty()) {
			return Optional.empty();
		}
		try {
			return Optional.of(Instant.parse(raw.get()));
		}
		catch (DateTimeParseException e) {
			errors.add(new ApiException.FieldError(name, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z"));
			return Optional.empty();
		}
	}

	private static Optional<String> present(ServerRequest request, String name) {
		return request.queryParam(name).map(String::trim).filter(raw -> !raw.isEmpty());
	}

	private static <E extends Enum<E>> String allowed(Class<E> type) {
		String[] names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
		return "must be " + (names.length == 2 ? names[0] + " or " + names[1]
				: Arrays.stream(names).collect(Collectors.joining(", ", "one of ", "")));
	}

}
