package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One charged call as stored in {@code usage_records}, and what its rollups add up.
 *
 * @param groupId the group that admitted the call
 * @param cost {@code baseCost × rateMultiplier} of that group
 */
record UsageRecord(String requestId, UUID tenantId, UUID keyId, UUID groupId, long inputTokens, long outputTokens,
		BigDecimal baseCost, BigDecimal cost, Instant occurredAt) {
}
