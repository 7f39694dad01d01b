package com.gahorouter.console.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of the audit log as the operator's {@code GET /api/admin/audit-log} answers
 * it; a tenant's own log answers {@link #inTenantLog()}, without the tenant.
 *
 * @param tenantId null for platform-wide entries and failed sign-ins of unknown emails
 */
public record AuditEntry(UUID id, UUID tenantId, String action, Actor actor, String targetType, String targetId,
		String summary, String ip, Instant occurredAt) {

	/** Who did it; {@code id} and {@code email} are null for the system. */
	public record Actor(UUID id, String email, String role) {
	}

	/** An entry of {@code GET /api/audit-log}: a tenant's own, so without its tenant. */
	public record InTenantLog(UUID id, String action, Actor actor, String targetType, String targetId, String summary,
			String ip, Instant occurredAt) {
	}

	public InTenantLog inTenantLog() {
		return new InTenantLog(id, action, actor, targetType, targetId, summary, ip, occurredAt);
	}

}
