package com.gahorouter.console.auth;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Sign-in settings.
 *
 * @param sessionIdleTimeout a session unused for this long expires
 * @param sessionAbsoluteTimeout a session expires this long after sign-in, however much
 * it is used
 * @param passwordHashingThreads threads hashing passwords (Argon2id, ~40 ms each on 2
 * cores); bounds sign-ins per second
 * @param passwordHashingQueue hashing tasks waiting per hashing thread; past it a request
 * is answered at once with 503 {@code SERVICE_UNAVAILABLE} and {@code Retry-After}
 * @param passwordResetAnswerTime a password-reset request is answered no sooner than
 * this, whether or not the account exists
 * @param serviceAgreementUrl the User Service Agreement shown at registration
 * @param privacyPolicyUrl the Privacy Policy shown at registration
 */
@ConfigurationProperties("gahorouter.auth")
public record AuthProperties(@DefaultValue("12h") Duration sessionIdleTimeout,
		@DefaultValue("7d") Duration sessionAbsoluteTimeout, @DefaultValue("2") int passwordHashingThreads,
		@DefaultValue("16") int passwordHashingQueue, @DefaultValue("250ms") Duration passwordResetAnswerTime,
		@DefaultValue("https://gahorouter.com/legal/service-agreement") String serviceAgreementUrl,
		@DefaultValue("https://gahorouter.com/legal/privacy-policy") String privacyPolicyUrl) {
}
