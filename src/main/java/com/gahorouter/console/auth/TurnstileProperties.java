package com.gahorouter.console.auth;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Cloudflare Turnstile, verified server-side at registration.
 *
 * @param secretKey the secret key; without one, verification is off (start-up warns)
 * @param siteKey the public site key the console's widget uses
 * @param verifyUrl the siteverify endpoint
 * @param timeout how long to wait for siteverify before answering 503
 */
@ConfigurationProperties("gahorouter.turnstile")
public record TurnstileProperties(String secretKey, String siteKey,
		@DefaultValue("https://challenges.cloudflare.com/turnstile/v0/siteverify") URI verifyUrl,
		@DefaultValue("5s") Duration timeout) {

	public boolean enabled() {
		return StringUtils.hasText(secretKey);
	}
}
