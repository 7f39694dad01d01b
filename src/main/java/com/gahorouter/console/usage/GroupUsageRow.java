package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.util.UUID;

/** One group's sums over a {@link UsageRange}, as read from the rollups. */
record GroupUsageRow(UUID groupId, long requests, long inputTokens, long outputTokens, BigDecimal cost) {
}
