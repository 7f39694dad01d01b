package com.gahorouter.console.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
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
 * hashed, valid 15 minutes. Requesting always answers the same after the same minimum
 * time ({@code gahorouter.auth.password-reset-answer-time}), running the same statements
 * whether or not the account exists (no account enumeration); issuing a code voids the
 * older ones. Confirming is limited per email and per client IP, then spends one of the
 * code's 5 attempts in one conditional update before comparing (so concurrent guesses
 * cannot share an attempt), then checks the new password's policy, and sets the password,
 * voids every code and revokes every session of the user in one transaction.
 */
@Service
public class PasswordResetService {

	static final Duration CODE_VALIDITY = Duration.ofMinutes(15);
	static final int MAX_ATTEMPTS = 5;

	private final PasswordResetRepository codes;

	private final AccountService accounts;

	private final PasswordHasher hasher;

	private final PasswordPolicy passwordPolicy;

	private final SessionService sessions;

	private final MailOutbox mail;

	private final TransactionalOperator transaction;

	private final Duration answerTime;

	private final RateLimiter perEmail;

	private final RateLimiter perIp;

	private final RateLimiter confirmsPerEmail;

	private final RateLimiter confirmsPerIp;

	private final AuditLog audit;

	PasswordResetService(PasswordResetRepository codes, AccountService accounts, PasswordHasher hasher,
			PasswordPolicy passwordPolicy, SessionService sessions, MailOutbox mail, TransactionalOperator transaction,
			RateLimitProperties limits, AuthProperties properties, AuditLog audit) {
		this.audit = audit;
		this.codes = codes;
		this.accounts = accounts;
		this.hasher = hasher;
		this.passwordPolicy = passwordPolicy;
		this.sessions = sessions;
		this.mail = mail;
		this.transaction = transaction;
		this.answerTime = properties.passwordResetAnswerTime();
		this.perEmail = new RateLimiter("password-resets-per-email", limits.passwordResetsPerEmail(),
				Duration.ofHours(1));
		this.perIp = new RateLimiter("password-resets-per-ip", limits.passwordResetsPerIp(), Duration.ofHours(1));
		this.confirmsPerEmail = new RateLimiter("password-reset-confirms-per-email",
				limits.passwordResetConfirmsPerEmail(), Duration.ofHours(1));
		this.confirmsPerIp = new RateLimiter("password-reset-confirms-per-ip", limits.passwordResetConfirmsPerIp(),
				Duration.ofHours(1));
	}

	/**
	 * Issues and mails a code when the account exists; the caller answers 202 either way,
	 * no sooner than the answer time.
	 */
	public Mono<Void> request(String email, String clientIp) {
		return perIp.consume(clientIp).then(perEmail.consume(normalized(email))).then(Mono.defer(() -> {
			long started = System.nanoTime();
			return accounts.findByEmail(email)
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.flatMap(this::issueCode)
				.then(Mono.defer(() -> Mono.delay(remaining(started)).then()));
		}));
	}

	/**
	 * The same work for a known and an unknown account: a code, its hash and the same
	 * statements (which touch no row for an unknown one); only a known one gets the mail,
	 * which is handed to the outbox and sent later.
	 */
	private Mono<Void> issueCode(Optional<Account> account) {
		String code = String.format("%06d", Secrets.randomInt(1_000_000));
		UUID userId = account.map(Account::id).orElseGet(Secrets::newId);
		return codes.replace(userId, codeHash(userId, code), Instant.now().plus(CODE_VALIDITY))
			.as(transaction::transactional)
			.flatMap(issued -> issued && account.isPresent()
					? Mono.fromRunnable(() -> mail.send(account.get().email(), "Your gahorouter password reset code",
							"Your password reset code is " + code + ". It is valid for 15 minutes.\n"
									+ "If you did not ask for it, ignore this email."))
					: Mono.empty())
			.then();
	}

	private Duration remaining(long startedNanos) {
		Duration left = answerTime.minusNanos(System.nanoTime() - startedNanos);
		return left.isNegative() ? Duration.ZERO : left;
	}

	/**
	 * Sets the new password when the code is right; wrong, used or expired codes are
	 * {@code VALIDATION_FAILED} on {@code code}, a new password that breaks the
	 * {@link PasswordPolicy} is {@code VALIDATION_FAILED} on {@code newPassword} (checked
	 * only once the code is right, and the code stays usable).
	 */
	public Mono<Void> confirm(PasswordResetConfirmation confirmation, String clientIp) {
		return confirmsPerIp.consume(clientIp)
			.then(confirmsPerEmail.consume(normalized(confirmation.email())))
			.then(Mono.defer(() -> accounts.findByEmail(confirmation.email())))
			.switchIfEmpty(Mono.error(PasswordResetService::wrongCode))
			.flatMap(account -> checkCode(account, confirmation.code())
				.flatMap(codeId -> passwordPolicy
					.require("newPassword", confirmation.newPassword(), confirmation.email())
					.then(hasher.hash(confirmation.newPassword()))
					.flatMap(hash -> claim(codeId).then(codes.voidAll(account.id()))
						.then(accounts.updatePasswordHash(account.id(), hash))
						.then(sessions.revokeAll(account.id()))
						.then(audit.record(account.auditActor(), account.tenantId(), AuditAction.PASSWORD_CHANGED,
								"USER", account.id(), "Password changed with a reset code"))
						.as(transaction::transactional)))
				.then(Mono.fromRunnable(() -> sessions.forgetUser(account.id()))));
	}

	/**
	 * Spends an attempt of the live code, then compares, and emits the code's id when it
	 * is right.
	 */
	private Mono<UUID> checkCode(Account account, String code) {
		String hash = codeHash(account.id(), code);
		return codes.spendAttempt(account.id(), MAX_ATTEMPTS)
			.filter(stored -> Secrets.constantTimeEquals(stored.hash(), hash))
			.map(PasswordResetRepository.ResetCode::id)
			.next()
			.switchIfEmpty(Mono.error(PasswordResetService::wrongCode));
	}

	/**
	 * Marks the code used; of two concurrent confirmations with one code only the first
	 * gets it.
	 */
	private Mono<Void> claim(UUID codeId) {
		return codes.claim(codeId).flatMap(claimed -> claimed ? Mono.<Void>empty() : Mono.error(wrongCode()));
	}

	private static String normalized(String email) {
		return email.trim().toLowerCase(Locale.ROOT);
	}

	private static String codeHash(UUID userId, String code) {
		return Secrets.sha256Hex(userId + ":" + code);
	}

	private static ApiException wrongCode() {
		return ApiException.validation("code", "is wrong or has expired");
	}

}
