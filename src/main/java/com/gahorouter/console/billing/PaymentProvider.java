package com.gahorouter.console.billing;

import reactor.core.publisher.Mono;

/**
 * Where a top-up's money comes from. A provider either pays at once
 * ({@link ProviderOrder#paid()}) or confirms later through {@code POST
 * /api/billing/webhooks/{name}}. {@link #create} runs inside the order's database
 * transaction: an implementation that calls a remote API must keep that call short
 * (timeout) or move it out of the transaction first.
 */
public interface PaymentProvider {

	/** The name in {@code gahorouter.billing.provider} and in the webhook path. */
	String name();

	/** Registers the order with the provider. */
	Mono<ProviderOrder> create(TopUpOrder order);

	/** Whether this provider confirms orders through signed webhooks. */
	boolean confirmsByWebhook();

}
