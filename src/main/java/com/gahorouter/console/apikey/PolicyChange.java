package com.gahorouter.console.apikey;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ApiException.FieldError;

import tools.jackson.databind.JsonNode;

/**
 * The key policies a {@code POST} or {@code PUT /api/api-keys} body sets, read from the
 * JSON tree so that an absent field (keep) and an explicit {@code null} (clear) differ.
 * Each field is checked on its own here ({@link #errors()}); {@link #applyTo} checks what
 * needs the key's current policy (a limit needs a period).
 */
public final class PolicyChange {

	/** No field present: changes nothing. */
	public static final PolicyChange NONE = new PolicyChange();

	private static final int MAX_LIMIT_SCALE = 6;

	/** {@code numeric(20, 6)}: 14 digits before the point. */
	private static final int MAX_LIMIT_INTEGER_DIGITS = 14;

	private final Set<String> present = new LinkedHashSet<>();

	private final List<FieldError> errors = new ArrayList<>();

	private Instant expiresAt;

	private BigDecimal spendLimit;

	private SpendPeriod spendLimitPeriod;

	private List<String> allowedIps;

	private RateLimit rateLimit;

	private PolicyChange() {
	}

	/** The policy fields of a request body; {@code now} bounds {@code expiresAt}. */
	public static PolicyChange of(JsonNode body, Instant now) {
		PolicyChange change = new PolicyChange();
		if (body == null || !body.isObject()) {
			return change;
		}
		change.readExpiry(body.get("expiresAt"), now);
		change.readLimit(body.get("spendLimit"));
		change.readPeriod(body.get("spendLimitPeriod"));
		change.readAllowedIps(body.get("allowedIps"));
		change.readRateLimit(body.get("rateLimit"));
		return change;
	}

	/** The violations of single fields, under their names. */
	public List<FieldError> errors() {
		return List.copyOf(errors);
	}

	/** Whether no policy field was sent. */
	public boolean isEmpty() {
		return present.isEmpty();
	}

	/**
	 * The key's policy after this change: sent fields replace, absent ones keep
	 * {@code current}'s; clearing the limit clears its period.
	 * @throws ApiException {@code VALIDATION_FAILED} when a limit would have no period,
	 * or a period no limit
	 */
	public KeyPolicy applyTo(KeyPolicy current) {
		List<FieldError> violations = violationsAgainst(current);
		if (!violations.isEmpty()) {
			throw ApiException.validation(violations);
		}
		return merged(current);
	}

	/** What {@link #applyTo} would refuse, for a check that collects every error. */
	public List<FieldError> violationsAgainst(KeyPolicy current) {
		KeyPolicy merged = merged(current);
		if (merged.spendLimit() != null && merged.spendLimitPeriod() == null) {
			return List.of(new FieldError("spendLimitPeriod", "is required with a spendLimit"));
		}
		if (merged.spendLimit() == null && present.contains("spendLimitPeriod") && spendLimitPeriod != null) {
			return List.of(new FieldError("spendLimitPeriod", "needs a spendLimit"));
		}
		return List.of();
	}

	private KeyPolicy merged(KeyPolicy current) {
		BigDecimal limit = pick("spendLimit", spendLimit, current.spendLimit());
		SpendPeriod period = limit == null ? null
				: pick("spendLimitPeriod", spendLimitPeriod, current.spendLimitPeriod());
		return new KeyPolicy(pick("expiresAt", expiresAt, current.expiresAt()), limit, period,
				pick("allowedIps", allowedIps, current.allowedIps()),
				pick("rateLimit", rateLimit, current.rateLimit()));
	}

	private <T> T pick(String field, T sent, T current) {
		return present.contains(field) ? sent : current;
	}

	private boolean isPresent(String field, JsonNode node) {
		if (node == null) {
			return false;
		}
		present.add(field);
		return !node.isNull();
	}

	private void readExpiry(JsonNode node, Instant now) {
		if (!isPresent("expiresAt", node)) {
			return;
		}
		Instant value = node.isString() ? instant(node.stringValue()) : null;
		if (value == null) {
			errors.add(new FieldError("expiresAt", "must be an ISO-8601 instant"));
		}
		else if (!value.isAfter(now)) {
			errors.add(new FieldError("expiresAt", "must be in the future"));
		}
		else {
			expiresAt = value;
		}
	}

	private void readLimit(JsonNode node) {
		if (!isPresent("spendLimit", node)) {
			return;
		}
		BigDecimal value = node.isString() ? decimal(node.stringValue()) : null;
		if (value == null) {
			errors.add(new FieldError("spendLimit", "must be a decimal string such as \"25.00\""));
		}
		else if (value.signum() <= 0) {
			errors.add(new FieldError("spendLimit", "must be greater than 0"));
		}
		else if (value.scale() > MAX_LIMIT_SCALE) {
			errors.add(new FieldError("spendLimit", "must have at most 6 decimals"));
		}
		else if (value.precision() - value.scale() > MAX_LIMIT_INTEGER_DIGITS) {
			errors.add(new FieldError("spendLimit", "is too large"));
		}
		else {
			spendLimit = value;
		}
	}

	private void readPeriod(JsonNode node) {
		if (!isPresent("spendLimitPeriod", node)) {
			return;
		}
		try {
			spendLimitPeriod = SpendPeriod.valueOf(node.isString() ? node.stringValue() : "");
		}
		catch (IllegalArgumentException e) {
			errors.add(new FieldError("spendLimitPeriod", "must be one of DAILY, WEEKLY, MONTHLY, TOTAL"));
		}
	}

	private void readAllowedIps(JsonNode node) {
		if (!isPresent("allowedIps", node)) {
			return;
		}
		if (!node.isArray()) {
			errors.add(new FieldError("allowedIps", "must be an array of IP addresses or CIDRs"));
			return;
		}
		if (node.size() == 0 || node.size() > IpAllowlist.MAX_ENTRIES) {
			errors.add(new FieldError("allowedIps", "must hold 1 to 100 entries (null allows any address)"));
			return;
		}
		Set<String> normalised = new LinkedHashSet<>();
		for (int i = 0; i < node.size(); i++) {
			JsonNode entry = node.get(i);
			Optional<String> value = entry.isString() ? IpAllowlist.normalise(entry.stringValue()) : Optional.empty();
			if (value.isEmpty()) {
				errors.add(new FieldError("allowedIps[" + i + "]", "must be an IPv4 or IPv6 address or CIDR"));
			}
			else {
				normalised.add(value.get());
			}
		}
		allowedIps = List.copyOf(normalised);
	}

	private void readRateLimit(JsonNode node) {
		if (!isPresent("rateLimit", node)) {
			return;
		}
		if (!node.isObject()) {
			errors.add(new FieldError("rateLimit", "must be an object {rpm, tpm}"));
			return;
		}
		RateLimit value = new RateLimit(positive(node.get("rpm"), "rateLimit.rpm"),
				positive(node.get("tpm"), "rateLimit.tpm"));
		rateLimit = value.isNone() ? null : value;
	}

	private Integer positive(JsonNode node, String field) {
		if (node == null || node.isNull()) {
			return null;
		}
		if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() <= 0) {
			errors.add(new FieldError(field, "must be a positive integer or null"));
			return null;
		}
		return node.intValue();
	}

	private static Instant instant(String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException e) {
			return null;
		}
	}

	private static BigDecimal decimal(String text) {
		if (!text.matches("-?\\d{1,30}(\\.\\d{1,30})?")) {
			return null;
		}
		return new BigDecimal(text);
	}

}
