package com.gahorouter.console.apikey;

import java.time.Instant;
import java.util.UUID;

/**
 * One key in {@code GET /api/api-keys} and the answer of {@code PUT}; never the secret.
 */
public record ApiKeyView(UUID id, String name, String prefix, UUID groupId, String groupName, KeyStatus status,
		Instant createdAt, Instant lastUsedAt, UUID createdBy) {

	static ApiKeyView of(ApiKey key, String groupName) {
		return new ApiKeyView(key.id(), key.name(), key.prefix(), key.groupId(), groupName, key.status(),
				key.createdAt(), key.lastUsedAt(), key.createdBy());
	}
}
