package com.gahorouter.console.auth;

import java.time.Instant;
import java.util.UUID;

import com.gahorouter.console.audit.AuditActor;

/** A user account as stored. The password hash never leaves the auth package. */
public record Account(UUID id, UUID tenantId, String email, String name, String passwordHash, Role role,
		Instant createdAt) {

	/** This account as the actor of an audit entry. */
	public AuditActor auditActor() {
		return AuditActor.user(id, email, role.name(), tenantId);
	}

}
