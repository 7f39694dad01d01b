package com.gahorouter.console.billing;

import java.util.UUID;

/**
 * The answer of {@code POST /api/billing/top-ups} and of a webhook. {@code paymentUrl} is
 * where the payer goes to pay; null when the provider needs no payer action (the sandbox
 * pays at once).
 */
public record TopUpView(UUID id, String amount, TopUpStatus status, String paymentUrl) {

	static TopUpView of(TopUpOrder order) {
		return new TopUpView(order.id(), order.amount().toPlainString(), order.status(), order.paymentUrl());
	}
}
