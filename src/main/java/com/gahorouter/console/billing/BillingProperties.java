package com.gahorouter.console.billing;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import com.gahorouter.console.auth.SecretSetting;

/**
 * Top-ups and payment providers.
 *
 * @param provider the payment provider of new top-up orders: {@code sandbox} (pays at
 * once, for development and demos) or {@code external} (a payment page that confirms by
 * webhook); unset means {@code sandbox} with the embedded database and is refused at
 * start-up with an external one
 * @param webhookSecret HMAC-SHA256 key of {@code POST /api/billing/webhooks/{provider}};
 * without one, webhooks answer 404 (and the {@code external} provider cannot be
 * selected); a set one must be at least 32 characters and no placeholder
 * @param paymentBaseUrl the external provider's payment page; the payer is sent to it
 * with {@code ?orderId=<id>}
 */
@ConfigurationProperties("gahorouter.billing")
public record BillingProperties(String provider, String webhookSecret, URI paymentBaseUrl) {

	public BillingProperties {
		SecretSetting.requireStrong("gahorouter.billing.webhook-secret", webhookSecret);
	}

	public boolean webhooksEnabled() {
		return StringUtils.hasText(webhookSecret);
	}
}
