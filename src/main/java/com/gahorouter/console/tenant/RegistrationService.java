package com.gahorouter.console.tenant;

import java.time.Duration;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.auth.AccountService;
import com.gahorouter.console.auth.PasswordHasher;
import com.gahorouter.console.auth.RateLimitProperties;
import com.gahorouter.console.auth.Role;
import com.gahorouter.console.auth.SignIn;
import com.gahorouter.console.auth.SignInService;
import com.gahorouter.console.auth.TurnstileVerifier;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.RateLimiter;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Tenant self-registration: checks in the contract's order (validation, agreement, human
 * verification, email uniqueness), then creates the tenant, its administrator and a
 * session in one transaction, so a failed registration writes nothing. Every attempt,
 * valid or not, counts against the client IP's hourly allowance ({@link #admit}), which
 * the handler takes before it validates the request.
 */
@Service
public class RegistrationService {

	static final String AGREEMENT_DETAIL = "Please read and agree to the User Service Agreement and Privacy Policy first.";

	private final MeterRegistry meters;

	private final TurnstileVerifier turnstile;

	private final AccountService accounts;

	private final PasswordHasher hasher;

	private final TenantService tenants;

	private final SignInService signIns;

	private final TransactionalOperator transaction;

	private final RateLimiter registrationsPerIp;

	public RegistrationService(TurnstileVerifier turnstile, AccountService accounts, PasswordHasher hasher,
			TenantService tenants, SignInService signIns, TransactionalOperator transaction, RateLimitProperties limits,
			MeterRegistry meters) {
		this.meters = meters;
		this.turnstile = turnstile;
		this.accounts = accounts;
		this.hasher = hasher;
		this.tenants = tenants;
		this.signIns = signIns;
		this.transaction = transaction;
		this.registrationsPerIp = new RateLimiter("registrations-per-ip", limits.registrationsPerIp(),
				Duration.ofHours(1));
		meters.counter("gahorouter.registrations", "outcome", "created");
	}

	/**
	 * Takes one registration attempt of the client IP's allowance, or fails with
	 * {@code RATE_LIMITED}.
	 */
	public Mono<Void> admit(String clientIp) {
		return registrationsPerIp.consume(clientIp);
	}

	/**
	 * Registers a tenant from a request that has been {@link #admit admitted} and
	 * validated (its password by {@link com.gahorouter.console.auth.PasswordPolicy} too),
	 * and signs its administrator in.
	 */
	public Mono<SignIn> register(RegistrationRequest request, String clientIp) {
		return Mono
			.defer(() -> Boolean.TRUE.equals(request.agreementAccepted()) ? Mono.<Void>empty()
					: Mono.error(new ApiException(ErrorCode.AGREEMENT_REQUIRED, AGREEMENT_DETAIL)))
			.then(Mono.defer(() -> turnstile.verify(request.turnstileToken(), clientIp)))
			.then(Mono.defer(() -> accounts.requireEmailFree(request.email())))
			.then(Mono.defer(() -> hasher.hash(request.password())))
			.flatMap(passwordHash -> createTenantAndAdmin(request, passwordHash))
			.doOnSuccess(created -> count("created"))
			.doOnError(error -> count(error instanceof ApiException refusal ? refusal.code().name() : "error"));
	}

	/**
	 * {@code gahorouter.registrations{outcome}}: {@code created}, or the code of the
	 * refusal after validation (agreement, human verification, email taken).
	 */
	private void count(String outcome) {
		meters.counter("gahorouter.registrations", "outcome", outcome).increment();
	}

	private Mono<SignIn> createTenantAndAdmin(RegistrationRequest request, String passwordHash) {
		NewTenant newTenant = new NewTenant(request.tenantName().trim(), request.region(), request.contactName().trim(),
				request.normalizedPhone());
		return tenants.create(newTenant)
			.flatMap(tenant -> accounts
				.insert(tenant.id(), request.email(), request.contactName(), passwordHash, Role.TENANT_ADMIN)
				.flatMap(admin -> signIns.signIn(admin, TenantSummary.of(tenant))))
			.as(transaction::transactional);
	}

}
