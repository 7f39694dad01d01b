package com.gahorouter.console.system;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one rule every text of a JSON request body obeys, whatever record it arrives in
 * (finding 16 of the security review): no control characters (C0 including NUL, DEL, C1)
 * in any text, because PostgreSQL refuses NUL and the others corrupt logs, CSV exports
 * and the console; and no bidirectional override or isolate characters (U+202A–U+202E,
 * U+2066–U+2069) in a name shown to other people, because they make a name display as
 * something it is not ({@code "invoice\u202Efdp.exe"}). A name is a record component
 * called {@code name} or ending in {@code Name} ({@code tenantName},
 * {@code contactName}): user, member, key, group and tenant names.
 *
 * <p>
 * {@link RequestValidator} applies it to every body it validates, walking records, lists,
 * maps and optionals, so a new request record is covered without code of its own.
 */
final class PlainText {

	private static final int MAX_DEPTH = 8;

	private PlainText() {
	}

	/** One error per offending field, under its JSON path ({@code models[2]}). */
	static List<ApiException.FieldError> violations(Object body) {
		List<ApiException.FieldError> errors = new ArrayList<>();
		walk(body, "", false, errors, 0);
		return errors;
	}

	private static void walk(Object value, String path, boolean isName, List<ApiException.FieldError> errors,
			int depth) {
		if (value == null || depth > MAX_DEPTH) {
			return;
		}
		if (value instanceof CharSequence text) {
			check(text, path, isName, errors);
		}
		else if (value instanceof Optional<?> optional) {
			optional.ifPresent(inner -> walk(inner, path, isName, errors, depth + 1));
		}
		else if (value instanceof Collection<?> items) {
			int index = 0;
			for (Object item : items) {
				walk(item, path + "[" + index++ + "]", isName, errors, depth + 1);
			}
		}
		else if (value instanceof Map<?, ?> map) {
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = String.valueOf(entry.getKey());
				String child = path.isEmpty() ? key : path + "." + key;
				walk(entry.getKey(), child, false, errors, depth + 1);
				walk(entry.getValue(), child, isNameField(key), errors, depth + 1);
			}
		}
		else if (value.getClass().isRecord()) {
			for (RecordComponent component : value.getClass().getRecordComponents()) {
				String child = path.isEmpty() ? component.getName() : path + "." + component.getName();
				walk(read(component, value), child, isNameField(component.getName()), errors, depth + 1);
			}
		}
	}

	private static void check(CharSequence text, String path, boolean isName, List<ApiException.FieldError> errors) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				errors.add(new ApiException.FieldError(path, "must not contain control characters"));
				return;
			}
			if (isName && isBidiControl(c)) {
				errors.add(new ApiException.FieldError(path, "must not contain bidirectional control characters"));
				return;
			}
		}
	}

	private static boolean isBidiControl(char c) {
		return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
	}

	private static boolean isNameField(String name) {
		return name.equals("name") || name.endsWith("Name");
	}

	private static Object read(RecordComponent component, Object record) {
		try {
			component.getAccessor().setAccessible(true);
			return component.getAccessor().invoke(record);
		}
		catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
			// A record we cannot read carries no text we could check.
			return null;
		}
	}

}
