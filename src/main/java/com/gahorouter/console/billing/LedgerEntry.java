package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * One appended ledger entry, as stored. Within a tenant, {@code sequence} orders entries
 * exactly as their {@code balanceAfter} values were computed, so each one equals the
 * previous one plus {@code amount}.
 *
 * @param amount signed, two decimals
 * @param balanceAfter the tenant's balance right after this entry
 * @param reference the order id (TOP_UP), the gateway request id (USAGE) or the
 * operator's reason (ADJUSTMENT)
 */
public record LedgerEntry(UUID id, long sequence, UUID tenantId, LedgerKind kind, BigDecimal amount,
		BigDecimal balanceAfter, String reference, Instant createdAt) {

	/** The tenant's balance right before this entry. */
	public BigDecimal balanceBefore() {
		return balanceAfter.subtract(amount);
	}

	/**
	 * Whether this entry moved the balance across zero (from above zero to zero or below,
	 * or back): the gateway's key check changes its answer, so whoever caches it must
	 * forget the tenant once the transaction has committed.
	 */
	public boolean crossedZero() {
		return (balanceBefore().signum() > 0) != (balanceAfter.signum() > 0);
	}
}
