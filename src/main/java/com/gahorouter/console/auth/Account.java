package com.gahorouter.console.auth;

import java.time.Instant;
import java.util.UUID;

/** A user account as stored. The password hash never leaves the auth package. */
public record Account(UUID id, UUID tenantId, String email, String name, String passwordHash, Role role,
		Instant createdAt) {
}
