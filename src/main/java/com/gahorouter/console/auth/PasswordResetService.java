package com.gahorouter.console.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.MailOutbox;
import com.gahorouter.console.system.RateLimiter;
import com.gahorouter.console.system.Secrets;

import reactor.core.publisher.Mono;

/**
 * Password reset by a 6-digit code from {@link java.security.SecureRandom}, stored
 * hashed, valid 15 minutes, at most 5 wrong tries. Requesting always answers the same (no
 * account enumeration); confirming sets the new password and revokes every session of the
 * user in one transaction.
 */
@Service
public class PasswordResetService {

	static final Duration CODE_VALIDITY = Duration.ofMinutes(15);
	static final int MAX_ATTEMPTS = 5;

	private final DatabaseClient db;

	private final AccountService accounts;

	private final PasswordPolicy passwordPolicy;

	private final PasswordHasher hasher;

	private final SessionService sessions;

	private final MailOutbox mail;

	private final TransactionalOperator transaction;

	private final RateLimiter perEmail;

	private final RateLimiter perIp;

	public PasswordResetService(DatabaseClient db, AccountService accounts, PasswordPolicy passwordPolicy,
			PasswordHasher hasher, SessionService sessions, MailOutbox mail, TransactionalOperator transaction,
			RateLimitProperties limits) {
		this.db = db;
		this.accounts = accounts;
		this.passwordPolicy = passwordPolicy;
		this.hasher = hasher;
		this.sessions = sessions;
		this.mail = mail;
		this.transaction = transaction;
		this.perEmail = new RateLimiter("password-resets-per-email", limits.passwordResetsPerEmail(),
				Duration.ofHours(1));
		this.perIp = new RateLimiter("password-resets-per-ip", limits.passwordResetsPerIp(), Duration.ofHours(1));
	}

	/**
	 * Issues and mails a code when the account exists; the caller answers 202 either way.
	 */
	public Mono<Void> request(String email, String clientIp) {
		return perIp.consume(clientIp)
			.then(perEmail.consume(email.trim().toLowerCase(Locale.ROOT)))
			.then(accounts.findByEmail(email))
			.flatMap(this::issueCode)
			.then();
	}

	private Mono<Void> issueCode(Account account) {
		String code = String.format("%06d", Secrets.randomInt(1_000_000));
		return db
			.sql("insert into password_reset_codes (id, user_id, code_hash, expires_at) "
					+ "values (:id, :userId, :hash, :expiresAt)")
			.bind("id", Secrets.newId())
			.bind("userId", account.id())
			.bind("hash", codeHash(account.id(), code))
			.bind("expiresAt", Instant.now().plus(CODE_VALIDITY))
			.then()
			.then(Mono.fromRunnable(() -> mail.send(account.email(), "Your gahorouter password reset code",
					"Your password reset code is " + code + ". It is valid for 15 minutes.\n"
							+ "If you did not ask for it, ignore this email.")));
	}

	/**
	 * Sets the new password when the code is right; wrong, used or expired codes are
	 * {@code VALIDATION_FAILED}.
	 */
	public Mono<Void> confirm(PasswordResetConfirmation confirmation) {
		return passwordPolicy.validate(List.of(), "newPassword", confirmation.newPassword(), confirmation.email())
			.then(accounts.findByEmail(confirmation.email()))
			.switchIfEmpty(Mono.error(PasswordResetService::wrongCode))
			.flatMap(account -> checkCode(account, confirmation.code())
				.flatMap(codeId -> hasher.hash(confirmation.newPassword())
					.flatMap(hash -> claim(codeId).then(accounts.updatePasswordHash(account.id(), hash))
						.then(sessions.revokeAll(account.id()))
						.as(transaction::transactional)))
				.then(Mono.fromRunnable(() -> sessions.forgetUser(account.id()))));
	}

	/**
	 * Checks the newest live code and emits its id; a wrong guess spends one of its
	 * attempts.
	 */
	private Mono<UUID> checkCode(Account account, String code) {
		return db
			.sql("select id, code_hash from password_reset_codes where user_id = :userId and used_at is null "
					+ "and expires_at > now() and attempts < :maxAttempts order by created_at desc limit 1")
			.bind("userId", account.id())
			.bind("maxAttempts", MAX_ATTEMPTS)
			.map(row -> new StoredCode(row.get("id", UUID.class), row.get("code_hash", String.class)))
			.one()
			.switchIfEmpty(Mono.error(PasswordResetService::wrongCode))
			.flatMap(stored -> Secrets.constantTimeEquals(stored.hash(), codeHash(account.id(), code))
					? Mono.just(stored.id())
					: db.sql("update password_reset_codes set attempts = attempts + 1 where id = :id")
						.bind("id", stored.id())
						.then()
						.then(Mono.error(PasswordResetService::wrongCode)));
	}

	/**
	 * Marks the code used; of two concurrent confirmations with one code only the first
	 * gets it.
	 */
	private Mono<Void> claim(UUID codeId) {
		return db.sql("update password_reset_codes set used_at = now() where id = :id and used_at is null")
			.bind("id", codeId)
			.fetch()
			.rowsUpdated()
			.flatMap(claimed -> claimed == 1 ? Mono.<Void>empty() : Mono.error(wrongCode()));
	}

	private static String codeHash(UUID userId, String code) {
		return Secrets.sha256Hex(userId + ":" + code);
	}

	private static ApiException wrongCode() {
		return ApiException.validation(List.of(new ApiException.FieldError("code", "is wrong or has expired")));
	}

	private record StoredCode(UUID id, String hash) {
	}

}
