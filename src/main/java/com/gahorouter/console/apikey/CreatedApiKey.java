package com.gahorouter.console.apikey;

import java.util.UUID;

/** The answer of {@code POST /api/api-keys}: the only time the key itself is shown. */
public record CreatedApiKey(UUID id, String name, String key, String prefix, UUID groupId, KeyStatus status) {
}
