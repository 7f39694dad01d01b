package com.gahorouter.console.system;

import java.math.BigDecimal;

/**
 * Credit as the contract writes it: a decimal string, never a float. Balances and charges
 * are kept to six decimals (a model call can cost a fraction of a cent); they are shown
 * with at least two ("100.00", "99.998765").
 */
public final class Money {

	/** Decimals kept for balances, ledger amounts and usage costs. */
	public static final int SCALE = 6;

	private Money() {
	}

	public static String format(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return (stripped.scale() < 2 ? amount.setScale(2) : stripped).toPlainString();
	}

}
