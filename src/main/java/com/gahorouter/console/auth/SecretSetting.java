package com.gahorouter.console.auth;

import java.util.Locale;
import java.util.Set;

/**
 * The start-up check of a configured shared secret (gateway token, webhook secret): at
 * least {@value #MIN_LENGTH} characters and not a known placeholder, so that a copied
 * example configuration ({@code REPLACE_ME}) can never guard real money. A failure names
 * the setting, never its value.
 */
public final class SecretSetting {

	/** The shortest secret accepted. */
	public static final int MIN_LENGTH = 32;

	/**
	 * Placeholders of example files and tutorials, compared lower-cased with everything
	 * but letters and digits removed; a secret made of one of them repeated is refused
	 * too.
	 */
	private static final Set<String> PLACEHOLDERS = Set.of("replaceme", "changeme", "changeit", "secret", "password",
			"placeholder", "todo", "fixme", "example", "default", "token", "test", "xxx", "insertsecrethere",
			"yoursecret", "yourtoken", "setme");

	private SecretSetting() {
	}

	/**
	 * Fails with a message naming {@code setting} when {@code value} is set but weak; an
	 * unset (blank) value is left to the caller (it usually switches a feature off).
	 */
	public static void requireStrong(String setting, String value) {
		if (value == null || value.isBlank()) {
			return;
		}
		if (isPlaceholder(value)) {
			throw new IllegalArgumentException(setting + " is a placeholder value: set a random secret of at least "
					+ MIN_LENGTH + " characters (e.g. openssl rand -base64 32)");
		}
		if (value.codePointCount(0, value.length()) < MIN_LENGTH) {
			throw new IllegalArgumentException(
					setting + " must be at least " + MIN_LENGTH + " characters long (e.g. openssl rand -base64 32)");
		}
	}

	/** Whether the value is a known placeholder, or one repeated. */
	static boolean isPlaceholder(String value) {
		String normalized = value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
		if (normalized.isEmpty()) {
			return true;
		}
		for (String placeholder : PLACEHOLDERS) {
			if (normalized.replace(placeholder, "").isEmpty()) {
				return true;
			}
		}
		return normalized.contains("replaceme") || normalized.contains("changeme")
				|| normalized.chars().distinct().count() == 1;
	}

}
