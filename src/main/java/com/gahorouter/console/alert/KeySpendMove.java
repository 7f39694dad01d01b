package com.gahorouter.console.alert;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A key's spend in its current spend-limit period moved from {@code spentBefore} to
 * {@code spentAfter} (a usage window charged it); a new period starts from zero.
 *
 * @param spendLimit the key's limit per period, positive
 */
public record KeySpendMove(UUID tenantId, UUID keyId, BigDecimal spendLimit, BigDecimal spentBefore,
		BigDecimal spentAfter) {

	/**
	 * Whether the spend went from below {@code percent} % of the limit to at or above it.
	 */
	public boolean crossed(int percent) {
		BigDecimal line = spendLimit.multiply(BigDecimal.valueOf(percent)).movePointLeft(2);
		return spentBefore.compareTo(line) < 0 && spentAfter.compareTo(line) >= 0;
	}

}
