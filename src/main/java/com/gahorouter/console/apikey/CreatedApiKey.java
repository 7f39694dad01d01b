package com.gahorouter.console.apikey;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The answer of {@code POST /api/api-keys}: the only time the key itself is shown; with
 * its policies as {@link ApiKeyView} shows them.
 */
public record CreatedApiKey(UUID id, String name, String key, String prefix, UUID groupId, KeyStatus status,
		Instant expiresAt, String spendLimit, SpendPeriod spendLimitPeriod, List<String> allowedIps,
		RateLimit rateLimit, String spentInPeriod, Instant periodResetsAt) {

	static CreatedApiKey of(ApiKey stored, String key) {
		ApiKeyView view = ApiKeyView.of(stored, null);
		return new CreatedApiKey(stored.id(), stored.name(), key, stored.prefix(), stored.groupId(), view.status(),
				view.expiresAt(), view.spendLimit(), view.spendLimitPeriod(), view.allowedIps(), view.rateLimit(),
				view.spentInPeriod(), view.periodResetsAt());
	}
}
