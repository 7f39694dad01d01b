package com.gahorouter.console.auth;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Secrets;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code password_reset_codes}: codes are stored as hashes only. Writes join the
 * caller's transaction.
 */
@Repository
class PasswordResetRepository {

	private final DatabaseClient db;

	PasswordResetRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Voids the user's unused codes and inserts a new one if the user exists; the same
	 * statements run for an unknown user (a random id), touching no row. Emits whether a
	 * code was inserted. Joins the caller's transaction.
	 */
	Mono<Boolean> replace(UUID userId, String codeHash, Instant expiresAt) {
		Mono<Long> voided = db.sql("""
				update password_reset_codes set used_at = now() where user_id = :userId and used_at is null
				""").bind("userId", userId).fetch().rowsUpdated();
		Mono<Long> inserted = db.sql("""
				insert into password_reset_codes (id, user_id, code_hash, expires_at)
				select :id, u.id, :hash, :expiresAt from users u where u.id = :userId
				""")
			.bind("id", Secrets.newId())
			.bind("userId", userId)
			.bind("hash", codeHash)
			.bind("expiresAt", expiresAt)
			.fetch()
			.rowsUpdated();
		return voided.then(inserted).map(rows -> rows == 1);
	}

	/**
	 * Spends one attempt of each of the user's live codes (unused, unexpired, fewer than
	 * {@code maxAttempts} tries) and emits them, in one conditional update: concurrent
	 * guesses each spend their own attempt, and a code with no attempt left is never
	 * compared again.
	 */
	Flux<ResetCode> spendAttempt(UUID userId, int maxAttempts) {
		return db.sql("""
				update password_reset_codes set attempts = attempts + 1
				where user_id = :userId and used_at is null and expires_at > now() and attempts < :maxAttempts
				returning id, code_hash
				""")
			.bind("userId", userId)
			.bind("maxAttempts", maxAttempts)
			.map(row -> new ResetCode(row.get("id", UUID.class), row.get("code_hash", String.class)))
			.all();
	}

	/** Voids every unused code of the user (after a successful reset). */
	Mono<Void> voidAll(UUID userId) {
		return db.sql("""
				update password_reset_codes set used_at = now() where user_id = :userId and used_at is null
				""").bind("userId", userId).then();
	}

	/**
	 * Deletes at most {@code batch} codes that expired or were used before
	 * {@code deadBefore}.
	 */
	Mono<Long> deleteDead(Instant deadBefore, int batch) {
		return db.sql("""
				delete from password_reset_codes where id in (
				    select id from password_reset_codes where expires_at < :before or used_at < :before limit :batch)
				""").bind("before", deadBefore).bind("batch", batch).fetch().rowsUpdated();
	}

	/**
	 * Marks the code used if it is not yet: true for the one caller that did it, of any
	 * number of concurrent ones.
	 */
	Mono<Boolean> claim(UUID codeId) {
		return db.sql("""
				update password_reset_codes set used_at = now() where id = :id and used_at is null
				""").bind("id", codeId).fetch().rowsUpdated().map(claimed -> claimed == 1);
	}

	/** A stored code: its id and hash. */
	record ResetCode(UUID id, String hash) {
	}

}
