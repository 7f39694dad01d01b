package com.gahorouter.console.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
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

	private final PasswordResetRepository codes;

	private final AccountService accounts;

	private final PasswordHasher hasher;

	private final SessionService sessions;

	private final MailOutbox mail;

	private final TransactionalOperator transaction;

	private final RateLimiter perEmail;

	private final RateLimiter perIp;

	private final AuditLog audit;

	PasswordResetService(PasswordResetRepository codes, AccountService accounts, PasswordHasher hasher,
			SessionService sessions, MailOutbox mail, TransactionalOperator transaction, RateLimitProperties limits,
			AuditLog audit) {
		this.audit = audit;
		this.codes = codes;
		this.accounts = accounts;
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
		return codes.insert(account.id(), codeHash(account.id(), code), Instant.now().plus(CODE_VALIDITY))
			.then(Mono.fromRunnable(() -> mail.send(account.email(), "Your gahorouter password reset code",
					"Your password reset code is " + code + ". It is valid for 15 minutes.\n"
							+ "If you did not ask for it, ignore this email.")));
	}

	/**
	 * Sets the new password when the code is right; wrong, used or expired codes are
	 * {@code VALIDATION_FAILED}. The handler has validated the confirmation, the new
	 * password's {@link PasswordPolicy} included.
	 */
	public Mono<Void> confirm(PasswordResetConfirmation confirmation) {
		return accounts.findByEmail(confirmation.email())
			.switchIfEmpty(Mono.error(PasswordResetService::wrongCode))
			.flatMap(account -> checkCode(account, confirmation.code())
				.flatMap(codeId -> hasher.hash(confirmation.newPassword())
					.flatMap(hash -> claim(codeId).then(accounts.updatePasswordHash(account.id(), hash))
						.then(sessions.revokeAll(account.id()))
						.then(audit.record(account.auditActor(), account.tenantId(), AuditAction.PASSWORD_CHANGED,
								"USER", account.id(), "Password changed with a reset code"))
						.as(transaction::transactional)))
				.then(Mono.fromRunnable(() -> sessions.forgetUser(account.id()))));
	}

	/**
	 * Checks the newest live code and emits its id; a wrong guess spends one of its
	 * attempts.
	 */
	private Mono<UUID> checkCode(Account account, String code) {
		return codes.findNewestLive(account.id(), MAX_ATTEMPTS)
			.switchIfEmpty(Mono.error(PasswordResetService::wrongCode))
			.flatMap(stored -> Secrets.constantTimeEquals(stored.hash(), codeHash(account.id(), code))
					? Mono.just(stored.id())
					: codes.countWrongAttempt(stored.id()).then(Mono.error(PasswordResetService::wrongCode)));
	}

	/**
	 * Marks the code used; of two concurrent confirmations with one code only the first
	 * gets it.
	 */
	private Mono<Void> claim(UUID codeId) {
		return codes.claim(codeId).flatMap(claimed -> claimed ? Mono.<Void>empty() : Mono.error(wrongCode()));
	}

	private static String codeHash(UUID userId, String code) {
		return Secrets.sha256Hex(userId + ":" + code);
	}

	private static ApiException wrongCode() {
		return ApiException.validation("code", "is wrong or has expired");
	}

}
