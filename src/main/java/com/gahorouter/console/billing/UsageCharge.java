package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One usage report's charge for {@link Ledger#chargeUsage}.
 *
 * @param amount zero or negative, at most six decimals
 * @param reference the gateway's request id
 */
public record UsageCharge(UUID tenantId, BigDecimal amount, String reference) {
}
