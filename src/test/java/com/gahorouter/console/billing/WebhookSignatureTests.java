package com.gahorouter.console.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTests {

	private static final String KEY = "webhook-unit-key-0123456789abcdefghijklmn";

	private static final byte[] BODY = "{\"orderId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

	/** HMAC-SHA256 of BODY under KEY, computed independently with openssl. */
	private static final String EXPECTED = "01f8a53404891de70d5aa1a1cd51dc3c4f59b786c313fe9825c1b1db26ea06d9";

	@Test
	void acceptsTheHexHmacOfTheRawBodyOnly() {
		WebhookSignature signature = new WebhookSignature(new BillingProperties("sandbox", KEY, null));

		assertThat(signature.matches(BODY, EXPECTED)).isTrue();
		assertThat(signature.matches(BODY, EXPECTED.toUpperCase())).isTrue();
		assertThat(signature.matches(BODY, " " + EXPECTED + " ")).isTrue();
		assertThat(signature.matches("{\"orderId\": \"x\"}".getBytes(StandardCharsets.UTF_8), EXPECTED)).isFalse();
		assertThat(signature.matches(BODY, EXPECTED.substring(0, 62))).isFalse();
		assertThat(signature.matches(BODY, "not hex")).isFalse();
		assertThat(signature.matches(BODY, null)).isFalse();
	}

	@Test
	void withoutASecretNothingMatches() {
		WebhookSignature signature = new WebhookSignature(new BillingProperties("sandbox", null, null));

		assertThat(signature.matches(BODY, EXPECTED)).isFalse();
	}

}
