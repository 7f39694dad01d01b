package com.gahorouter.console.member;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.SqlParameters;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code invitations}; a link is found by the SHA-256 of its token, never by the
 * token. Writes join the caller's transaction.
 */
@Repository
class InvitationRepository {

	private static final String COLUMNS = "id, tenant_id, email, created_at, expires_at, max_uses, uses, revoked_at";

	private final DatabaseClient db;

	InvitationRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Inserts a link; {@code email} is null for a link anyone may use. */
	Mono<Void> insert(UUID id, UUID tenantId, String tokenHash, String email, UUID createdBy, Instant expiresAt,
			int maxUses) {
		return db.sql("""
				insert into invitations (id, tenant_id, token_hash, email, created_by, expires_at, max_uses)
				values (:id, :tenantId, :hash, :email, :createdBy, :expiresAt, :maxUses)
				""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("hash", tokenHash)
			.bind("email", SqlParameters.nullable(email, String.class))
			.bind("createdBy", createdBy)
			.bind("expiresAt", expiresAt)
			.bind("maxUses", maxUses)
			.then();
	}

	/**
	 * One page of the tenant's links, newest first: at most {@code limit} after the link
	 * {@code before} (null: from the newest); a {@code before} that is no link of the
	 * tenant gives an empty page.
	 */
	Flux<Invitation> findPage(UUID tenantId, int limit, UUID before) {
		return db.sql("""
				select %s from invitations
				where tenant_id = :tenantId
				  and (cast(:before as uuid) is null or (created_at, id) <
				       (select c.created_at, c.id from invitations c where c.id = :before and c.tenant_id = :tenantId))
				order by created_at desc, id desc
				limit :limit
				""".formatted(COLUMNS))
			.bind("tenantId", tenantId)
			.bind("before", SqlParameters.nullable(before, UUID.class))
			.bind("limit", limit)
			.map(InvitationRepository::toInvitation)
			.all();
	}

	/**
	 * How many of the tenant's links are open: neither revoked, expired nor used up (what
	 * the invitation quota counts).
	 */
	Mono<Long> countOpen(UUID tenantId) {
		return db.sql("""
				select count(*) from invitations
				where tenant_id = :tenantId and revoked_at is null and expires_at > now() and uses < max_uses
				""").bind("tenantId", tenantId).map(row -> row.get(0, Long.class)).one();
	}

	Mono<Invitation> findByTokenHash(String tokenHash) {
		return db.sql("""
				select %s from invitations where token_hash = :hash
				""".formatted(COLUMNS)).bind("hash", tokenHash).map(InvitationRepository::toInvitation).one();
	}

	/**
	 * Revokes the tenant's link (once: a second revocation keeps the first time); false
	 * when the tenant has no such link.
	 */
	Mono<Boolean> revoke(UUID tenantId, UUID invitationId) {
		return db.sql("""
				update invitations set revoked_at = coalesce(revoked_at, now())
				where id = :id and tenant_id = :tenantId
				""")
			.bind("id", invitationId)
			.bind("tenantId", tenantId)
			.fetch()
			.rowsUpdated()
			.map(updated -> updated > 0);
	}

	/**
	 * Takes one use if the link is still live: true for the winner of concurrent accepts
	 * of a last use, false for the others.
	 */
	Mono<Boolean> claimUse(UUID invitationId) {
		return db.sql("""
				update invitations set uses = uses + 1
				where id = :id and revoked_at is null and expires_at > now() and uses < max_uses
				""").bind("id", invitationId).fetch().rowsUpdated().map(claimed -> claimed == 1);
	}

	private static Invitation toInvitation(Readable row) {
		return new Invitation(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("email", String.class), row.get("created_at", Instant.class),
				row.get("expires_at", Instant.class), row.get("max_uses", Integer.class),
				row.get("uses", Integer.class), row.get("revoked_at", Instant.class));
	}

	/**
	 * Deletes at most {@code batch} invitations that expired or were revoked before
	 * {@code deadBefore}.
	 */
	Mono<Long> deleteDead(Instant deadBefore, int batch) {
		return db.sql("""
				delete from invitations where id in (
				    select id from invitations where expires_at < :before or revoked_at < :before limit :batch)
				""").bind("before", deadBefore).bind("batch", batch).fetch().rowsUpdated();
	}

}
