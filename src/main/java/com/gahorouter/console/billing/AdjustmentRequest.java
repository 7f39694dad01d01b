package com.gahorouter.console.billing;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/admin/tenants/{tenantId}/balance-adjustments}. {@code amount} is a
 * decimal string (a JSON number is accepted too) checked by {@link CreditAmount};
 * {@code reason} becomes the entry's reference.
 */
public record AdjustmentRequest(String amount, @NotBlank @Size(max = 200) String reason) {
}
