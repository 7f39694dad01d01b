package com.gahorouter.console.billing;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Top-ups and payment providers.
 *
 * @param provider the payment provider of new top-up orders: {@code sandbox} (pays at
 * once, for development and demos) or {@code external} (a payment page that confirms by
 * webhook)
 * @param webhookSecret HMAC-SHA256 key of {@code POST /api/billing/webhooks/{provider}};
 * without one, webhooks answer 404 (and the {@code external} provider cannot be selected)
 * @param paymentBaseUrl the external provider's payment page; the payer is sent to it
 * with {@code ?orderId=<id>}
 */
@ConfigurationProperties("gahorouter.billing")
public record BillingProperties(@DefaultValue("sandbox") String provider, String webhookSecret, URI paymentBaseUrl) {

	public boolean webhooksEnabled() {
		return StringUtils.hasText(webhookSecret);
	}
}
