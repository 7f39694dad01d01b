package com.gahorouter.console.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import com.gahorouter.console.system.Money;

/**
 * One delivery of a crossing over one channel, as stored.
 *
 * @param recipient the email address or the webhook URL
 */
record AlertDelivery(UUID id, UUID tenantId, AlertType type, UUID keyId, BigDecimal threshold, BigDecimal value,
		AlertChannel channel, String recipient, String status, int attempts, Instant occurredAt, Instant createdAt,
		Instant deliveredAt) {

	AlertDeliveryView view() {
		return new AlertDeliveryView(id, type, keyId, Money.format(threshold), Money.format(value), channel, status,
				attempts, createdAt, deliveredAt);
	}

}
