package com.gahorouter.console.billing;

import java.math.BigDecimal;

/** {@code GET /api/billing/balance}: the balance as a decimal string with two decimals. */
public record BalanceView(String balance) {

    static BalanceView of(BigDecimal balance) {
        return new BalanceView(balance.setScale(2).toPlainString());
    }
}
