package com.gahorouter.console.tenant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A tenant as stored; {@code version} guards region changes (optimistic locking). */
public record Tenant(UUID id, String name, Region region, String contactName, String contactPhone, BigDecimal balance,
		Instant createdAt, long version) {
}
