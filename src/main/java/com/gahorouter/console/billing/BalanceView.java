package com.gahorouter.console.billing;

import java.math.BigDecimal;

import com.gahorouter.console.system.Money;

/**
 * {@code GET /api/billing/balance}: the balance as a decimal string (at least two
 * decimals).
 */
public record BalanceView(String balance) {

	static BalanceView of(BigDecimal balance) {
		return new BalanceView(Money.format(balance));
	}
}
