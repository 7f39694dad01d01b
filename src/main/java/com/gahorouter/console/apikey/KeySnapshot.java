package com.gahorouter.console.apikey;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * What the gateway's key check needs of a key: cached by the hash of the secret it was
 * found by, so every rule is decided without a query.
 *
 * @param keyId the key
 * @param tenantId its tenant
 * @param groupId its group (null while pending reassignment)
 * @param status its stored status
 * @param expiresAt refused as expired from then on (null: never)
 * @param secretAcceptedUntil for a rotated-out secret, the end of its grace period (null:
 * the current secret)
 * @param allowlist the addresses it may be used from (null: any)
 * @param rateLimit per-minute limits the gateway enforces ({@link RateLimit#NONE}: none)
 * @param spendLimitReachedUntil refused for its spend limit until then (the end of the
 * period that reached it; {@link Instant#MAX} for {@code TOTAL}); null while under it
 */
public record KeySnapshot(UUID keyId, UUID tenantId, UUID groupId, KeyStatus status, Instant expiresAt,
		Instant secretAcceptedUntil, IpAllowlist allowlist, RateLimit rateLimit, Instant spendLimitReachedUntil) {

	static KeySnapshot of(UUID keyId, UUID tenantId, UUID groupId, KeyStatus status, KeyPolicy policy,
			BigDecimal spentInPeriod, Instant secretAcceptedUntil, Instant now) {
		Instant reachedUntil = null;
		if (policy.spendLimit() != null && spentInPeriod != null && spentInPeriod.compareTo(policy.spendLimit()) >= 0) {
			Instant resets = policy.spendLimitPeriod().resetsAt(now);
			reachedUntil = resets == null ? Instant.MAX : resets;
		}
		return new KeySnapshot(keyId, tenantId, groupId, status, policy.expiresAt(), secretAcceptedUntil,
				IpAllowlist.of(policy.allowedIps()), policy.rateLimit() == null ? RateLimit.NONE : policy.rateLimit(),
				reachedUntil);
	}

	/** Whether this secret was rotated out and its grace period is over. */
	public boolean secretRetired(Instant now) {
		return secretAcceptedUntil != null && !now.isBefore(secretAcceptedUntil);
	}

	/** Whether the key is past its {@code expiresAt}. */
	public boolean expired(Instant now) {
		return expiresAt != null && !now.isBefore(expiresAt);
	}

	/** Whether the key may be used from this client address (always, without a list). */
	public boolean allowsClient(String clientIp) {
		return allowlist == null || allowlist.allows(clientIp);
	}

	/** Whether the spend of the current period has reached the key's limit. */
	public boolean spendLimitReached(Instant now) {
		return spendLimitReachedUntil != null && now.isBefore(spendLimitReachedUntil);
	}

}
