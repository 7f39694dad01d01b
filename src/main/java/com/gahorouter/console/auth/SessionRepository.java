package com.gahorouter.console.auth;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code sessions}; a session is found by the SHA-256 of its token, never by the
 * token. Writes join the caller's transaction.
 */
@Repository
class SessionRepository {

	private final DatabaseClient db;

	SessionRepository(DatabaseClient db) {
		this.db = db;
	}

	Mono<Void> insert(UUID id, String tokenHash, UUID userId, Instant now, Instant expiresAt) {
		return db.sql("""
				insert into sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at)
				values (:id, :hash, :userId, :now, :now, :expiresAt)
				""")
			.bind("id", id)
			.bind("hash", tokenHash)
			.bind("userId", userId)
			.bind("now", now)
			.bind("expiresAt", expiresAt)
			.then();
	}

	/**
	 * The session of the token hash with its user, unless revoked (expiry is the caller's
	 * rule).
	 */
	Mono<Session> findUnrevoked(String tokenHash) {
		return db.sql("""
				select s.id as session_id, s.last_seen_at, s.expires_at,
				       u.id as user_id, u.tenant_id, u.email, u.name, u.role
				from sessions s join users u on u.id = s.user_id
				where s.token_hash = :hash and s.revoked_at is null
				""").bind("hash", tokenHash).map(SessionRepository::toSession).one();
	}

	/**
	 * The absolute expiry of the session unless it is revoked; empty when revoked or
	 * unknown.
	 */
	Mono<Instant> findExpiry(UUID sessionId) {
		return db.sql("""
				select expires_at from sessions where id = :id and revoked_at is null
				""").bind("id", sessionId).map(row -> row.get("expires_at", Instant.class)).one();
	}

	Mono<Void> revoke(UUID sessionId) {
		return db.sql("""
				update sessions set revoked_at = now() where id = :id and revoked_at is null
				""").bind("id", sessionId).then();
	}

	Mono<Void> revokeAllOf(UUID userId) {
		return db.sql("""
				update sessions set revoked_at = now() where user_id = :userId and revoked_at is null
				""").bind("userId", userId).then();
	}

	Mono<Void> touch(UUID sessionId, Instant now) {
		return db.sql("""
				update sessions set last_seen_at = :now where id = :id
				""").bind("now", now).bind("id", sessionId).then();
	}

	/**
	 * Deletes at most {@code batch} sessions that expired or were revoked before
	 * {@code deadBefore}, or were last seen before {@code idleBefore}.
	 */
	Mono<Long> deleteDead(Instant deadBefore, Instant idleBefore, int batch) {
		return db.sql("""
				delete from sessions where id in (
				    select id from sessions
				    where expires_at < :before or revoked_at < :before or last_seen_at < :idleBefore
				    limit :batch)
				""")
			.bind("before", deadBefore)
			.bind("idleBefore", idleBefore)
			.bind("batch", batch)
			.fetch()
			.rowsUpdated();
	}

	private static Session toSession(Readable row) {
		ConsoleUser user = new ConsoleUser(row.get("user_id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("email", String.class), row.get("name", String.class),
				Role.valueOf(row.get("role", String.class)), row.get("session_id", UUID.class));
		return new Session(user, row.get("last_seen_at", Instant.class), row.get("expires_at", Instant.class));
	}

}
