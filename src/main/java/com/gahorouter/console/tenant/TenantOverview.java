package com.gahorouter.console.tenant;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the operator's tenant list; {@code balance} is a decimal string,
 * {@code memberCount} counts every user.
 */
public record TenantOverview(UUID id, String name, Region region, String balance, long memberCount, Instant createdAt) {
}
