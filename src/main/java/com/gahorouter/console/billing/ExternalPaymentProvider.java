package com.gahorouter.console.billing;

import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

import reactor.core.publisher.Mono;

/**
 * A payment page outside this server ({@code gahorouter.billing.payment-base-url}): the
 * order stays {@code PENDING} until the page's backend posts a signed webhook to
 * {@code /api/billing/webhooks/external}.
 */
@Component
class ExternalPaymentProvider implements PaymentProvider {

	static final String NAME = "external";

	private final BillingProperties properties;

	ExternalPaymentProvider(BillingProperties properties) {
		this.properties = properties;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Mono<ProviderOrder> create(TopUpOrder order) {
		if (properties.paymentBaseUrl() == null) {
			return Mono.error(new IllegalStateException("gahorouter.billing.payment-base-url is not set"));
		}
		String url = UriComponentsBuilder.fromUri(properties.paymentBaseUrl())
			.queryParam("orderId", order.id())
			.build()
			.toUriString();
		return Mono.just(new ProviderOrder(NAME + "-" + order.id(), url, false));
	}

	@Override
	public boolean confirmsByWebhook() {
		return true;
	}

}
