package com.gahorouter.console.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * A page of the audit log: newest first, {@code limit} entries older than the entry
 * {@code before}, narrowed by the filters that are not null.
 *
 * @param tenantId the tenant's entries only; null for every entry (operator)
 * @param from entries at or after this instant
 * @param to entries before this instant
 */
public record AuditQuery(UUID tenantId, int limit, UUID before, AuditAction action, UUID actorId, Instant from,
		Instant to) {
}
