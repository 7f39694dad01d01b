package com.gahorouter.console.billing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The payment providers by name and the one new orders use. A misconfiguration (unknown
 * provider, or a webhook provider without the settings it needs) fails start-up rather
 * than the first top-up. The {@code sandbox} (which pays every top-up at once) is the
 * default only on the embedded database: with an external database
 * {@code gahorouter.billing.provider} must be set, and an explicit {@code sandbox} there
 * is allowed with a warning.
 */
@Component
class PaymentProviders {

	private static final Logger log = LoggerFactory.getLogger(PaymentProviders.class);

	/** Set by {@code system.EmbeddedDatabase} when it started the database. */
	static final String EMBEDDED_DATABASE_RUNNING = "gahorouter.embedded-db.running";

	private final Map<String, PaymentProvider> byName;

	private final PaymentProvider configured;

	private final boolean webhooksEnabled;

	@Autowired
	PaymentProviders(List<PaymentProvider> providers, BillingProperties properties, Environment environment) {
		this(providers, properties, environment.getProperty(EMBEDDED_DATABASE_RUNNING, Boolean.class, false));
	}

	PaymentProviders(List<PaymentProvider> providers, BillingProperties properties, boolean embeddedDatabase) {
		this.byName = providers.stream()
			.collect(Collectors.toUnmodifiableMap(PaymentProvider::name, Function.identity()));
		String name = properties.provider();
		if (!StringUtils.hasText(name)) {
			if (!embeddedDatabase) {
				throw new IllegalStateException("gahorouter.billing.provider must be set explicitly with an external "
						+ "database (spring.r2dbc.url): external for real payments, or sandbox to pay every "
						+ "top-up at once without any money moving");
			}
			name = SandboxPaymentProvider.NAME;
		}
		else if (!embeddedDatabase && SandboxPaymentProvider.NAME.equals(name.trim())) {
			log.warn("gahorouter.billing.provider=sandbox on an external database: every top-up is paid at once "
					+ "and no money moves; never use it where tenants pay");
		}
		this.configured = byName.get(name.trim());
		this.webhooksEnabled = properties.webhooksEnabled();
		if (configured == null) {
			throw new IllegalStateException(
					"gahorouter.billing.provider must be one of " + byName.keySet() + ", not " + name);
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
