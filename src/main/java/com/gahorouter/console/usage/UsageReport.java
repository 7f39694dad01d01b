package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /internal/usage}: one call the gateway admitted and completed.
 *
 * @param groupId the group the admitting key check returned; absent means the key's
 * current group
 */
public record UsageReport(@NotBlank @Size(max = 128) String requestId, @NotNull UUID keyId, UUID groupId,
		@NotNull @Min(0) Long inputTokens, @NotNull @Min(0) Long outputTokens,
		@NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 6) BigDecimal baseCost, Instant occurredAt) {
}
