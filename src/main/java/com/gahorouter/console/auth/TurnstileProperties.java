package com.gahorouter.console.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * Cloudflare Turnstile, verified server-side at registration.
 *
 * @param secretKey the secret key; without one, verification is off (start-up warns)
 * @param siteKey the public site key the console's widget uses
 * @param verifyUrl the siteverify endpoint
 * @param timeout how long to wait for siteverify before answering 503
 * @param expectedHostnames the hostnames the console is served on: a token solved on any
 * other site is refused (case-insensitive); empty means the hostname is not checked
 * @param expectedAction the widget's {@code action}: a token solved for another action is
 * refused; unset means the action is not checked
 */
@ConfigurationProperties("gahorouter.turnstile")
public record TurnstileProperties(String secretKey, String siteKey,
		@DefaultValue("https://challenges.cloudflare.com/turnstile/v0/siteverify") URI verifyUrl,
		@DefaultValue("5s") Duration timeout, @DefaultValue List<String> expectedHostnames, String expectedAction) {

	@ConstructorBinding
	public TurnstileProperties {
		expectedHostnames = expectedHostnames == null ? List.of()
				: expectedHostnames.stream()
					.filter(StringUtils::hasText)
					.map(h -> h.trim().toLowerCase(Locale.ROOT))
					.toList();
	}

	/** Without hostname or action checks. */
	public TurnstileProperties(String secretKey, String siteKey, URI verifyUrl, Duration timeout) {
		this(secretKey, siteKey, verifyUrl, timeout, List.of(), null);
	}

	public boolean enabled() {
		return StringUtils.hasText(secretKey);
	}
}
