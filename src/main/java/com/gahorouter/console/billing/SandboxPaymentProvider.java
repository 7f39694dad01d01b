package com.gahorouter.console.billing;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * The default provider: no money moves, every order is paid at once. For development,
 * demos and tests.
 */
@Component
class SandboxPaymentProvider implements PaymentProvider {

	static final String NAME = "sandbox";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Mono<ProviderOrder> create(TopUpOrder order) {
		return Mono.just(new ProviderOrder(NAME + "-" + order.id(), null, true));
	}

	@Override
	public boolean confirmsByWebhook() {
		return false;
	}

}
