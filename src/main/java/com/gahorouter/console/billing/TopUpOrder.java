package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A top-up order as stored; {@code providerReference} and {@code paymentUrl} are null
 * until the provider answered.
 */
public record TopUpOrder(UUID id, UUID tenantId, BigDecimal amount, String provider, TopUpStatus status,
		String providerReference, String paymentUrl, Instant createdAt, Instant paidAt) {
}
