package com.gahorouter.console.audit;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.SqlParameters;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of the audit log ({@code audit_log}, append-only in the database). The insert joins
 * the caller's transaction.
 */
@Repository
class AuditLogRepository {

	private final DatabaseClient db;

	AuditLogRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(UUID id, UUID tenantId, AuditAction action, AuditActor actor, String targetType, String targetId,
			String summary) {
		return db.sql("""
				insert into audit_log (id, tenant_id, action, actor_id, actor_email, actor_role, target_type,
				                       target_id, summary, ip)
				values (:id, :tenantId, :action, :actorId, :actorEmail, :actorRole, :targetType, :targetId,
				        :summary, :ip)
				""")
			.bind("id", id)
			.bind("tenantId", SqlParameters.nullable(tenantId, UUID.class))
			.bind("action", action.name())
			.bind("actorId", SqlParameters.nullable(actor.id(), UUID.class))
			.bind("actorEmail", SqlParameters.nullable(actor.email(), String.class))
			.bind("actorRole", actor.role())
			.bind("targetType", SqlParameters.nullable(targetType, String.class))
			.bind("targetId", SqlParameters.nullable(targetId, String.class))
			.bind("summary", summary)
			.bind("ip", SqlParameters.nullable(actor.ip(), String.class))
			.then();
	}

	/**
	 * A page, newest first. An unknown {@code before} (or one of another tenant) gives an
	 * empty page rather than the newest one.
	 */
	Flux<AuditEntry> find(AuditQuery query) {
		return db.sql("""
				select id, tenant_id, action, actor_id, actor_email, actor_role, target_type, target_id, summary,
				       ip, occurred_at
				from audit_log
				where (cast(:tenantId as uuid) is null or tenant_id = :tenantId)
				  and (cast(:before as uuid) is null
				       or seq < (select b.seq from audit_log b
				                 where b.id = :before
				                   and (cast(:tenantId as uuid) is null or b.tenant_id = :tenantId)))
				  and (cast(:action as text) is null or action = :action)
				  and (cast(:actorId as uuid) is null or actor_id = :actorId)
				  and (cast(:from as timestamptz) is null or occurred_at >= :from)
				  and (cast(:to as timestamptz) is null or occurred_at < :to)
				order by seq desc
				limit :limit
				""")
			.bind("tenantId", SqlParameters.nullable(query.tenantId(), UUID.class))
			.bind("before", SqlParameters.nullable(query.before(), UUID.class))
			.bind("action", SqlParameters.nullable(query.action() == null ? null : query.action().name(), String.class))
			.bind("actorId", SqlParameters.nullable(query.actorId(), UUID.class))
			.bind("from", SqlParameters.nullable(query.from(), Instant.class))
			.bind("to", SqlParameters.nullable(query.to(), Instant.class))
			.bind("limit", query.limit())
			.map(AuditLogRepository::toEntry)
			.all();
	}

	private static AuditEntry toEntry(Readable row) {
		return new AuditEntry(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("action", String.class),
				new AuditEntry.Actor(row.get("actor_id", UUID.class), row.get("actor_email", String.class),
						row.get("actor_role", String.class)),
				row.get("target_type", String.class), row.get("target_id", String.class),
				row.get("summary", String.class), row.get("ip", String.class), row.get("occurred_at", Instant.class));
	}

}
