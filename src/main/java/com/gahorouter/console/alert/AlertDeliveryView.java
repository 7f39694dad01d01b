package com.gahorouter.console.alert;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of {@code GET /api/tenant/alerts/deliveries}; {@code threshold} and
 * {@code value} are decimal strings.
 */
public record AlertDeliveryView(UUID id, AlertType type, UUID keyId, String threshold, String value,
		AlertChannel channel, String status, int attempts, Instant createdAt, Instant deliveredAt) {
}
