package com.gahorouter.console.billing;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/billing/webhooks/{provider}}: the outcome of one order's
 * payment. Everything in it is under the signature, so the amount and the time cannot be
 * changed or replayed later without the secret.
 *
 * @param amount the amount paid, a decimal string; must equal the order's
 * @param timestamp when the provider sent the event (ISO-8601); refused more than
 * {@link TopUpService#WEBHOOK_TOLERANCE} away from now
 * @param eventId the provider's id of the notification; optional, only logged
 */
record WebhookEvent(@NotNull UUID orderId,
		@NotNull @Pattern(regexp = "PAID|FAILED", message = "must be PAID or FAILED") String status,
		@NotNull @Size(max = 40) String amount, @NotNull Instant timestamp, @Size(max = 200) String eventId) {
}
