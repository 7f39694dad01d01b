package com.gahorouter.console.auth;

import java.util.Collection;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * User accounts. One email is one account in one tenant: the unique index on
 * {@code lower(email)} decides, so concurrent sign-ups with one email give one account
 * and one {@code EMAIL_ALREADY_REGISTERED}. Other features (members, invitations,
 * registration) create and remove accounts through this service.
 */
@Service
public class AccountService {

	private final AccountRepository accounts;

	private final PasswordHasher hasher;

	private final PasswordPolicy passwordPolicy;

	AccountService(AccountRepository accounts, PasswordHasher hasher, PasswordPolicy passwordPolicy) {
		this.accounts = accounts;
		this.hasher = hasher;
		this.passwordPolicy = passwordPolicy;
	}

	/**
	 * The hash of a new password that passes the {@link PasswordPolicy} (else
	 * {@code VALIDATION_FAILED} on {@code field}), computed off the event loop and
	 * outside any transaction: call it before the transaction that stores the account, so
	 * that no pooled connection waits for the hash.
	 */
	public Mono<String> hashNewPassword(String field, String rawPassword, String email) {
		return passwordPolicy.require(field, rawPassword, email).then(Mono.defer(() -> hasher.hash(rawPassword)));
	}

	/**
	 * Fails with {@code EMAIL_ALREADY_REGISTERED} when the email (any case) has an
	 * account.
	 */
	public Mono<Void> requireEmailFree(String email) {
		return findByEmail(email).flatMap(existing -> Mono.<Void>error(emailTaken())).then();
	}

	/**
	 * The account of the email, whatever its case and surrounding spaces; empty if none.
	 */
	public Mono<Account> findByEmail(String email) {
		return accounts.findByEmail(email.trim());
	}

	/** The tenant's users, oldest first. */
	public Flux<Account> findByTenant(UUID tenantId) {
		return accounts.findByTenant(tenantId);
	}

	/**
	 * The tenant admins of any of these tenants (each tenant's oldest first), in one
	 * query whatever their number.
	 */
	public Flux<Account> findAdmins(Collection<UUID> tenantIds) {
		return tenantIds.isEmpty() ? Flux.empty() : accounts.findAdmins(tenantIds);
	}

	/**
	 * One page of the tenant's users, oldest first: at most {@code limit} after the user
	 * {@code before} (null: from the first).
	 */
	public Flux<Account> findPage(UUID tenantId, int limit, UUID before) {
		return accounts.findPage(tenantId, limit, before);
	}

	/**
	 * How many users the tenant has, its admin included; joins the caller's transaction.
	 */
	public Mono<Long> countByTenant(UUID tenantId) {
		return accounts.countByTenant(tenantId);
	}

	/**
	 * Creates an account; the password is hashed first (off the event loop). Joins the
	 * caller's transaction. {@code tenantId} is null only for the platform operator.
	 */
	public Mono<Account> create(UUID tenantId, String email, String name, String rawPassword, Role role) {
		return hasher.hash(rawPassword).flatMap(hash -> insert(tenantId, email, name, hash, role));
	}

	/**
	 * Inserts an account whose password is already hashed; joins the caller's
	 * transaction.
	 */
	public Mono<Account> insert(UUID tenantId, String email, String name, String passwordHash, Role role) {
		return accounts.insert(tenantId, email.trim(), name.trim(), passwordHash, role)
			.onErrorMap(DuplicateKeyException.class, e -> emailTaken());
	}

	/**
	 * Stores a new password hash; the caller revokes the user's sessions in the same
	 * transaction.
	 */
	Mono<Void> updatePasswordHash(UUID userId, String passwordHash) {
		return accounts.updatePasswordHash(userId, passwordHash);
	}

	/**
	 * Deletes a member account of the tenant (its sessions go with it); false when there
	 * was none.
	 */
	public Mono<Boolean> deleteMember(UUID tenantId, UUID userId) {
		return accounts.deleteMember(tenantId, userId);
	}

	Mono<Boolean> systemAdminExists() {
		return accounts.systemAdminExists();
	}

	private static ApiException emailTaken() {
		return new ApiException(ErrorCode.EMAIL_ALREADY_REGISTERED, "This email already has an account.");
	}

}
