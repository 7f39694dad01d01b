package com.gahorouter.console.apikey;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key as stored; the secret itself is never stored, only its SHA-256. Its
 * {@code policy} and the spend of its current period ({@code spentInPeriod}, null without
 * a limit) come with it.
 */
public record ApiKey(UUID id, UUID tenantId, UUID createdBy, String name, String prefix, UUID groupId, KeyStatus status,
		Instant createdAt, Instant lastUsedAt, KeyPolicy policy, BigDecimal spentInPeriod) {
}
