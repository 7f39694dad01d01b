package com.gahorouter.console.apikey;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.gahorouter.console.system.Money;

/**
 * One key in {@code GET /api/api-keys} and the answer of {@code PUT}; never the secret.
 * {@code status} is {@code EXPIRED} for a key past its {@code expiresAt}; without a spend
 * limit {@code spentInPeriod} and {@code periodResetsAt} are null ({@code TOTAL} never
 * resets).
 */
public record ApiKeyView(UUID id, String name, String prefix, UUID groupId, String groupName, KeyStatus status,
		Instant createdAt, Instant lastUsedAt, UUID createdBy, Instant expiresAt, String spendLimit,
		SpendPeriod spendLimitPeriod, List<String> allowedIps, RateLimit rateLimit, String spentInPeriod,
		Instant periodResetsAt) {

	static ApiKeyView of(ApiKey key, String groupName) {
		Instant now = Instant.now();
		KeyPolicy policy = key.policy();
		return new ApiKeyView(key.id(), key.name(), key.prefix(), key.groupId(), groupName, shownStatus(key, now),
				key.createdAt(), key.lastUsedAt(), key.createdBy(), policy.expiresAt(), money(policy.spendLimit()),
				policy.spendLimitPeriod(), policy.allowedIps(), policy.rateLimit(), money(key.spentInPeriod()),
				policy.spendLimitPeriod() == null ? null : policy.spendLimitPeriod().resetsAt(now));
	}

	/** The stored status, or {@code EXPIRED} for an unrevoked key past its expiry. */
	static KeyStatus shownStatus(ApiKey key, Instant now) {
		Instant expiresAt = key.policy().expiresAt();
		return key.status() != KeyStatus.REVOKED && expiresAt != null && !now.isBefore(expiresAt) ? KeyStatus.EXPIRED
				: key.status();
	}

	static String money(BigDecimal amount) {
		return amount == null ? null : Money.format(amount);
	}
}
