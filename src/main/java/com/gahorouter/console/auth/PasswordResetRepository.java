package com.gahorouter.console.auth;

import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Secrets;

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

	Mono<Void> insert(UUID userId, String codeHash, Instant expiresAt) {
		return db.sql("""
				insert into password_reset_codes (id, user_id, code_hash, expires_at)
				values (:id, :userId, :hash, :expiresAt)
				""")
			.bind("id", Secrets.newId())
			.bind("userId", userId)
			.bind("hash", codeHash)
			.bind("expiresAt", expiresAt)
			.then();
	}

	/**
	 * The user's newest code that is unused, unexpired and has fewer than
	 * {@code maxAttempts} wrong tries.
	 */
	Mono<ResetCode> findNewestLive(UUID userId, int maxAttempts) {
		return db.sql("""
				select id, code_hash from password_reset_codes
				where user_id = :userId and used_at is null and expires_at > now() and attempts < :maxAttempts
				order by created_at desc limit 1
				""")
			.bind("userId", userId)
			.bind("maxAttempts", maxAttempts)
			.map(row -> new ResetCode(row.get("id", UUID.class), row.get("code_hash", String.class)))
			.one();
	}

	/** Spends one attempt of the code (a wrong guess). */
	Mono<Void> countWrongAttempt(UUID codeId) {
		return db.sql("""
				update password_reset_codes set attempts = attempts + 1 where id = :id
				""").bind("id", codeId).then();
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
