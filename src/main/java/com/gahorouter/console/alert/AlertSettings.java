package com.gahorouter.console.alert;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The answer of {@code GET} and {@code PUT /api/tenant/alerts}.
 *
 * @param lowBalanceThreshold a decimal string, or null for none
 * @param webhookSecret only in the answer of the {@code PUT} that set or changed the URL
 */
public record AlertSettings(String lowBalanceThreshold, List<Integer> keyBudgetThresholds, String webhookUrl,
		@JsonInclude(JsonInclude.Include.NON_NULL) String webhookSecret) {
}
