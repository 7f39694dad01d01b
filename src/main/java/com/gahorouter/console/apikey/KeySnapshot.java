package com.gahorouter.console.apikey;

import java.util.UUID;

/** What the gateway's key check needs of a key: cached by the key's hash. */
public record KeySnapshot(UUID keyId, UUID tenantId, UUID groupId, KeyStatus status) {
}
