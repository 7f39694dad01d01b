package com.gahorouter.console.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-replica limits on sign-in traffic (Bucket4j); past them the answer is 429 with
 * {@code Retry-After}.
 *
 * @param registrationsPerIp registrations per client IP per hour
 * @param loginFailuresPerAccount failed logins per account per 15 minutes
 * @param passwordResetsPerEmail password-reset requests per email per hour
 * @param passwordResetsPerIp password-reset requests per client IP per hour
 */
@ConfigurationProperties("gahorouter.rate-limit")
public record RateLimitProperties(@DefaultValue("20") int registrationsPerIp,
		@DefaultValue("10") int loginFailuresPerAccount, @DefaultValue("5") int passwordResetsPerEmail,
		@DefaultValue("30") int passwordResetsPerIp) {
}
