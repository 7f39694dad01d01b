package com.gahorouter.console.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

class PaymentProvidersTests {

	/** A webhook secret the start-up check accepts (32+ characters, no placeholder). */
	private static final String STRONG_SECRET = "webhook-unit-secret-0123456789abcdefghij";

	private static final URI PAYMENT_PAGE = URI.create("https://pay.example.test/checkout");

	@Test
	void withoutAWebhookSecretNoProviderReceivesWebhooks() {
		PaymentProviders providers = providers(new BillingProperties("sandbox", null, PAYMENT_PAGE));

		assertThat(providers.configured().name()).isEqualTo("sandbox");
		assertThat(providers.receivingWebhooks("external")).isEmpty();
		assertThat(providers.receivingWebhooks("sandbox")).isEmpty();
		assertThat(providers.named("external")).isPresent();
	}

	@Test
	void withASecretOnlyWebhookProvidersReceiveWebhooks() {
		PaymentProviders providers = providers(new BillingProperties("sandbox", STRONG_SECRET, PAYMENT_PAGE));

		assertThat(providers.receivingWebhooks("external")).isPresent();
		assertThat(providers.receivingWebhooks("sandbox")).isEmpty();
		assertThat(providers.receivingWebhooks("unknown")).isEmpty();
	}

	@Test
	void aMisconfiguredProviderFailsStartUp() {
		assertThatThrownBy(() -> providers(new BillingProperties("paypal", STRONG_SECRET, PAYMENT_PAGE)))
			.hasMessageContaining("gahorouter.billing.provider");
		assertThatThrownBy(() -> providers(new BillingProperties("external", null, PAYMENT_PAGE)))
			.hasMessageContaining("webhook-secret");
		assertThatThrownBy(() -> providers(new BillingProperties("external", STRONG_SECRET, null)))
			.hasMessageContaining("payment-base-url");
		assertThat(providers(new BillingProperties("external", STRONG_SECRET, PAYMENT_PAGE)).configured().name())
			.isEqualTo("external");
	}

	private static PaymentProviders providers(BillingProperties properties) {
		return new PaymentProviders(List.of(new SandboxPaymentProvider(), new ExternalPaymentProvider(properties)),
				properties, true);
	}

}
