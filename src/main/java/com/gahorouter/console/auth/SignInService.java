package com.gahorouter.console.auth;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditActor;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.RateLimiter;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Login, logout and "who am I". A wrong password and an unknown email get the same answer
 * after the same hashing time. Failed logins are limited per account and per client IP
 * (429 with {@code Retry-After}): an attempt is taken from both limits before the
 * password is hashed and given back when it succeeds, so concurrent guesses cannot all
 * pass a check made before any of them failed.
 */
@Service
public class SignInService {

	private static final Duration LOGIN_FAILURE_WINDOW = Duration.ofMinutes(15);

	private final MeterRegistry meters;

	private final AccountService accounts;

	private final PasswordHasher hasher;

	private final SessionService sessions;

	private final SignInTenants tenants;

	private final RateLimiter loginFailures;

	private final RateLimiter loginFailuresPerIp;

	private final AuditLog audit;

	private final TransactionalOperator transaction;

	public SignInService(AccountService accounts, PasswordHasher hasher, SessionService sessions, SignInTenants tenants,
			RateLimitProperties limits, MeterRegistry meters, AuditLog audit, TransactionalOperator transaction) {
		this.audit = audit;
		this.transaction = transaction;
		this.meters = meters;
		this.accounts = accounts;
		this.hasher = hasher;
		this.sessions = sessions;
		this.tenants = tenants;
		this.loginFailures = new RateLimiter("login-failures-per-account", limits.loginFailuresPerAccount(),
				LOGIN_FAILURE_WINDOW);
		this.loginFailuresPerIp = new RateLimiter("login-failures-per-ip", limits.loginFailuresPerIp(),
				LOGIN_FAILURE_WINDOW);
		meters.counter("gahorouter.sign.ins", "outcome", "success");
	}

	/**
	 * Signs in with email and password from {@code clientIp}; a wrong password and an
	 * unknown email are one {@code INVALID_CREDENTIALS}, and too many failures are
	 * {@code RATE_LIMITED} before any hashing.
	 */
	public Mono<SignIn> login(LoginRequest request, String clientIp) {
		String accountKey = request.email().trim().toLowerCase(Locale.ROOT);
		Mono<Void> takeAttempt = loginFailuresPerIp.consume(clientIp)
			.then(loginFailures.consume(accountKey)
				.doOnError(ApiException.class, refused -> loginFailuresPerIp.refund(clientIp)));
		return takeAttempt
			.then(accounts.findByEmail(request.email()).map(Optional::of).defaultIfEmpty(Optional.empty()))
			.flatMap(account -> hasher.matches(request.password(), account.map(Account::passwordHash).orElse(null))
				.doOnError(ApiException.class, busy -> giveBack(accountKey, clientIp))
				.flatMap(matches -> {
					if (!matches || account.isEmpty()) {
						return auditFailure(account, accountKey).then(Mono
							.error(new ApiException(ErrorCode.INVALID_CREDENTIALS, "Wrong email or password.")));
					}
					giveBack(accountKey, clientIp);
					return signIn(account.get())
						.flatMap(
								signedIn -> audit
									.record(account.get().auditActor(), account.get().tenantId(), AuditAction.SIGNED_IN,
											"USER", account.get().id(), "Signed in")
									.thenReturn(signedIn))
						.as(transaction::transactional);
				}))
			.doOnSuccess(signedIn -> count("success"))
			.doOnError(error -> count(error instanceof ApiException refusal ? switch (refusal.code()) {
				case INVALID_CREDENTIALS -> "bad_credentials";
				case RATE_LIMITED -> "throttled";
				case SERVICE_UNAVAILABLE -> "busy";
				default -> refusal.code().name().toLowerCase(Locale.ROOT);
			} : "error"));
	}

	/**
	 * {@code gahorouter.sign.ins{outcome}}: success, bad_credentials, throttled (429) or
	 * busy (the hashing queue was full).
	 */
	private void count(String outcome) {
		meters.counter("gahorouter.sign.ins", "outcome", outcome).increment();
	}

	private void giveBack(String accountKey, String clientIp) {
		loginFailures.refund(accountKey);
		loginFailuresPerIp.refund(clientIp);
	}

	/**
	 * A failed sign-in has no transaction to join: its entry is written alone, once per
	 * attempt. An unknown email is logged for the operator only (no tenant), with the
	 * email it named.
	 */
	private Mono<Void> auditFailure(Optional<Account> account, String email) {
		if (account.isPresent()) {
			return audit.recordAlone(account.get().auditActor(), account.get().tenantId(), AuditAction.SIGN_IN_FAILED,
					"USER", account.get().id(), "Sign-in failed: wrong password");
		}
		AuditActor unknown = new AuditActor(null, email.length() > 254 ? email.substring(0, 254) : email, "ANONYMOUS",
				null, null);
		return audit.recordAlone(unknown, null, AuditAction.SIGN_IN_FAILED, "USER", null,
				"Sign-in failed: unknown email");
	}

	/**
	 * Opens a session for an account that has just proven who it is (login, invitation
	 * accept).
	 */
	public Mono<SignIn> signIn(Account account) {
		Mono<SignInTenant> tenant = account.tenantId() == null ? Mono.empty()
				: tenants.signInTenant(account.tenantId()).map(SignInTenant.class::cast);
		return sessions.open(account.id())
			.flatMap(token -> tenant.map(t -> new SignIn(token, UserView.of(account), t))
				.defaultIfEmpty(new SignIn(token, UserView.of(account), null)));
	}

	/**
	 * Opens a session for an account created together with its tenant (registration), in
	 * the caller's transaction.
	 */
	public Mono<SignIn> signIn(Account account, SignInTenant tenant) {
		return sessions.open(account.id()).map(token -> new SignIn(token, UserView.of(account), tenant));
	}

	/** Revokes the session the user signed in with, on every replica. */
	public Mono<Void> logout(ConsoleUser user) {
		return sessions.revoke(user.sessionId());
	}

	/** {@code GET /api/me}: the user and, for tenant users, the tenant as it is now. */
	public Mono<Me> me(ConsoleUser user) {
		if (user.tenantId() == null) {
			return Mono.just(new Me(UserView.of(user), null, false));
		}
		return tenants.signInTenant(user.tenantId())
			.map(tenant -> new Me(UserView.of(user), tenant, user.isTenantAdmin()));
	}

	/** The answer of {@code GET /api/me}. */
	public record Me(UserView user, SignInTenant tenant, boolean canChangeRegion) {
	}

}
