package com.gahorouter.console.billing;

import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/billing/webhooks/{provider}}: the outcome of one order's
 * payment.
 *
 * @param eventId the provider's id of the notification; optional, only logged
 */
record WebhookEvent(@NotNull UUID orderId,
		@NotNull @Pattern(regexp = "PAID|FAILED", message = "must be PAID or FAILED") String status,
		@Size(max = 200) String eventId) {
}
