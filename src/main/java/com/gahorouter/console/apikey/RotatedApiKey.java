package com.gahorouter.console.apikey;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer of {@code POST /api/api-keys/{id}/rotate}: the new secret, shown only here,
 * and until when the replaced one is still accepted.
 */
public record RotatedApiKey(UUID id, String key, String prefix, Instant previousKeyExpiresAt) {
}
