package com.gahorouter.console.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-replica limits on sign-in traffic (Bucket4j); past them the answer is 429
 * {@code RATE_LIMITED} with {@code Retry-After}. Limits on work an unauthenticated caller
 * can cause (hashing, lookups) are taken before that work starts.
 *
 * @param registrationsPerIp registrations per client IP per hour
 * @param loginFailuresPerAccount failed logins per account per 15 minutes (an attempt is
 * taken before the password is hashed and given back when it succeeds)
 * @param loginFailuresPerIp failed logins per client IP per 15 minutes, whatever the
 * account (taken and given back like the per-account ones)
 * @param passwordResetsPerEmail password-reset requests per email per hour
 * @param passwordResetsPerIp password-reset requests per client IP per hour
 * @param passwordResetConfirmsPerEmail password-reset confirmations per email per hour
 * @param passwordResetConfirmsPerIp password-reset confirmations per client IP per hour
 * @param invitationAcceptsPerIp invitation accepts per client IP per hour
 * @param invitationAcceptsPerTenant invitation accepts per tenant per hour (an answer of
 * 409 tells whether an email has an account: this bounds probing)
 * @param memberAdditionsPerTenant members added by hand per tenant per hour (bounds
 * probing emails through 409 like the accepts)
 * @param unknownTokensPerIp console requests per client IP per minute whose bearer token
 * is unknown, expired or revoked
 * @param unknownKeysPerIp {@code /v1/models} calls per client IP per minute with an
 * unknown key
 */
@ConfigurationProperties("gahorouter.rate-limit")
public record RateLimitProperties(@DefaultValue("20") int registrationsPerIp,
		@DefaultValue("10") int loginFailuresPerAccount, @DefaultValue("100") int loginFailuresPerIp,
		@DefaultValue("5") int passwordResetsPerEmail, @DefaultValue("30") int passwordResetsPerIp,
		@DefaultValue("10") int passwordResetConfirmsPerEmail, @DefaultValue("100") int passwordResetConfirmsPerIp,
		@DefaultValue("30") int invitationAcceptsPerIp, @DefaultValue("50") int invitationAcceptsPerTenant,
		@DefaultValue("50") int memberAdditionsPerTenant, @DefaultValue("60") int unknownTokensPerIp,
		@DefaultValue("60") int unknownKeysPerIp) {
}
