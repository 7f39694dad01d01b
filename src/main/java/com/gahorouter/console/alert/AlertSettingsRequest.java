package com.gahorouter.console.alert;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /api/tenant/alerts}: replaces the settings; an absent or null field is none.
 *
 * @param lowBalanceThreshold a decimal string ≥ 0 with up to 6 decimals
 * @param keyBudgetThresholds percentages of a key's spend limit, 1–1000, at most 10
 * @param webhookUrl {@code https://…} (see {@link AlertProperties#allowInsecureWebhooks})
 */
public record AlertSettingsRequest(String lowBalanceThreshold,
		@Size(max = 10) List<@NotNull @Min(1) @Max(1000) Integer> keyBudgetThresholds,
		@Size(max = 2000) String webhookUrl) {
}
