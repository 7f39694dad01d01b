package com.gahorouter.console.billing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * Checks {@code X-Signature}: the lower- or upper-case hex HMAC-SHA256 of the raw request
 * body under {@code gahorouter.billing.webhook-secret}, compared in constant time.
 */
@Component
class WebhookSignature {

	static final String HEADER = "X-Signature";

	private static final String ALGORITHM = "HmacSHA256";

	private final SecretKeySpec key;

	WebhookSignature(BillingProperties properties) {
		this.key = properties.webhooksEnabled()
				? new SecretKeySpec(properties.webhookSecret().getBytes(StandardCharsets.UTF_8), ALGORITHM) : null;
		// The first Mac of a JVM loads the JCE provider's classes: do it at start-up, not
		// on an event loop.
		sign(new byte[0]);
	}

	/**
	 * Whether {@code signature} is the body's HMAC; false for a missing or malformed
	 * signature, or no secret.
	 */
	boolean matches(byte[] body, String signature) {
		if (key == null || signature == null) {
			return false;
		}
		byte[] presented;
		try {
			presented = HexFormat.of().parseHex(signature.trim());
		}
		catch (IllegalArgumentException e) {
			return false;
		}
		return MessageDigest.isEqual(sign(body), presented);
	}

	private byte[] sign(byte[] body) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(key == null ? new SecretKeySpec(new byte[] { 0 }, ALGORITHM) : key);
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("Every JDK has " + ALGORITHM, e);
		}
	}

}
