package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.util.UUID;

/** One group's sums over the hours of a {@link UsageRange}, as read from {@code usage_hourly}. */
record HourlyUsageRow(UUID groupId, long requests, long inputTokens, long outputTokens, BigDecimal cost) {
}
