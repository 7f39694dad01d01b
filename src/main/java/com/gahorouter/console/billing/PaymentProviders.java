package com.gahorouter.console.billing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * The payment providers by name and the one new orders use. A misconfiguration (unknown
 * provider, or a webhook provider without the settings it needs) fails start-up rather
 * than the first top-up.
 */
@Component
class PaymentProviders {

	private final Map<String, PaymentProvider> byName;

	private final PaymentProvider configured;

	private final boolean webhooksEnabled;

	PaymentProviders(List<PaymentProvider> providers, BillingProperties properties) {
		this.byName = providers.stream()
			.collect(Collectors.toUnmodifiableMap(PaymentProvider::name, Function.identity()));
		this.configured = byName.get(properties.provider());
		this.webhooksEnabled = properties.webhooksEnabled();
		if (configured == null) {
			throw new IllegalStateException(
					"gahorouter.billing.provider must be one of " + byName.keySet() + ", not " + properties.provider());
		}
		if (configured.confirmsByWebhook() && (!webhooksEnabled || properties.paymentBaseUrl() == null)) {
			throw new IllegalStateException("The " + configured.name() + " payment provider needs "
					+ "gahorouter.billing.webhook-secret and gahorouter.billing.payment-base-url");
		}
	}

	/** The provider of new top-up orders ({@code gahorouter.billing.provider}). */
	PaymentProvider configured() {
		return configured;
	}

	/** The provider by name, whatever is configured for new orders. */
	Optional<PaymentProvider> named(String name) {
		return Optional.ofNullable(byName.get(name));
	}

	/**
	 * The provider whose webhooks this path names; empty when unknown, not webhook-based,
	 * or no secret is set.
	 */
	Optional<PaymentProvider> receivingWebhooks(String name) {
		return named(name).filter(provider -> webhooksEnabled && provider.confirmsByWebhook());
	}

}
