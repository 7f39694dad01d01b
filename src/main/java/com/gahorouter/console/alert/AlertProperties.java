package com.gahorouter.console.alert;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alert deliveries.
 *
 * @param allowInsecureWebhooks also accept {@code http://127.0.0.1} and
 * {@code http://localhost} webhook URLs (tests with a local server); never in production
 * @param pollInterval how often each replica looks for due deliveries
 * @param retryBase the wait after the first failed attempt; it doubles with each failure
 * @param retryMax the longest wait between two attempts
 * @param retryFor how long a delivery is retried before it is {@code FAILED}
 * @param lease how long a claimed delivery stays with the replica that claimed it before
 * another may take it (it died mid-delivery)
 * @param webhookTimeout the longest a webhook POST may take
 * @param batchSize deliveries claimed per poll
 */
@ConfigurationProperties("gahorouter.alerts")
public record AlertProperties(@DefaultValue("false") boolean allowInsecureWebhooks,
		@DefaultValue("5s") Duration pollInterval, @DefaultValue("30s") Duration retryBase,
		@DefaultValue("1h") Duration retryMax, @DefaultValue("24h") Duration retryFor,
		@DefaultValue("2m") Duration lease, @DefaultValue("10s") Duration webhookTimeout,
		@DefaultValue("20") int batchSize) {
}
