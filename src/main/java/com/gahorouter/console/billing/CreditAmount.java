package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

import com.gahorouter.console.system.ApiException;

/**
 * Credit amounts as clients send them: a decimal string such as {@code "100.00"} (a JSON
 * number is accepted too, read from its text so no binary floating point is involved)
 * with at most two decimals, within {@code [min, max]} in absolute value.
 *
 * @param allowNegative whether the sign may be negative (then zero is refused)
 */
record CreditAmount(BigDecimal min, BigDecimal max, boolean allowNegative) {

	/** Top-ups: 1.00 to 100000.00. */
	static final CreditAmount TOP_UP = new CreditAmount(new BigDecimal("1.00"), new BigDecimal("100000.00"), false);

	/**
	 * Operator adjustments: non-zero, either sign, at most a billion in absolute value
	 * (far inside the database's numeric(18,2), so repeated adjustments cannot overflow
	 * the balance by accident).
	 */
	static final CreditAmount ADJUSTMENT = new CreditAmount(new BigDecimal("0.01"), new BigDecimal("1000000000.00"),
			true);

	/** Longer input is no amount anyone means, and would only cost parsing time. */
	private static final int MAX_LENGTH = 32;

	/**
	 * Plain ASCII decimals only: no exponent, no spaces, no other scripts' digits (which
	 * {@link BigDecimal} would otherwise read).
	 */
	private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

	/**
	 * The errors of a raw amount for {@code field}; empty when {@link #parse} will
	 * succeed.
	 */
	List<ApiException.FieldError> violations(String field, String raw) {
		String message = message(raw);
		return message == null ? List.of() : List.of(new ApiException.FieldError(field, message));
	}

	/** The amount with two decimals; call after {@link #violations} found none. */
	BigDecimal parse(String raw) {
		return new BigDecimal(raw).setScale(2);
	}

	private String message(String raw) {
		if (raw == null || raw.isBlank()) {
			return "must not be blank";
		}
		BigDecimal value;
		try {
			value = raw.length() > MAX_LENGTH || !DECIMAL.matcher(raw).matches() ? null : new BigDecimal(raw);
		}
		catch (NumberFormatException e) {
			value = null;
		}
		if (value == null) {
			return "must be a decimal string such as \"100.00\"";
		}
		if (value.stripTrailingZeros().scale() > 2) {
			return "must have at most two decimals";
		}
		if (!allowNegative && value.signum() < 0 || value.abs().compareTo(min) < 0 || value.abs().compareTo(max) > 0) {
			return allowNegative ? "must be non-zero and at most " + max.toPlainString() + " in absolute value"
					: "must be between " + min.toPlainString() + " and " + max.toPlainString();
		}
		return null;
	}
}
