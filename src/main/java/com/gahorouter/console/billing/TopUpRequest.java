package com.gahorouter.console.billing;

/**
 * {@code POST /api/billing/top-ups}: {@code amount} is a decimal string (or JSON number),
 * checked by {@link CreditAmount}.
 */
public record TopUpRequest(String amount) {
}
