package com.gahorouter.console.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class WebhookSignatureTests {

	private static final byte[] BODY = "{\"orderId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

	/** HMAC-SHA256 of BODY under "key", computed independently with openssl. */
	private static final String EXPECTED = "54e09618602a57a27a186f8dbae89ffba17c1c53f0d8bc641649fe76b4dba2aa";

	@Test
	void acceptsTheHexHmacOfTheRawBodyOnly() {
		WebhookSignature signature = new WebhookSignature(new BillingProperties("sandbox", "key", null));

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
