package com.gahorouter.console.member;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.apikey.ApiKeyService;
import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.auth.AccountService;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.auth.Role;
import com.gahorouter.console.auth.SessionService;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.tenant.TenantQuotas;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's members as its admin manages them: list, add by hand, remove (revoking their
 * sessions).
 */
@Service
public class MemberService {

	private final AccountService accounts;

	private final SessionService sessions;

	private final ApiKeyService keys;

	private final TransactionalOperator transaction;

	private final AdmissionLimits limits;

	private final AuditLog audit;

	private final TenantQuotas quotas;

	public MemberService(AccountService accounts, SessionService sessions, ApiKeyService keys,
			TransactionalOperator transaction, AdmissionLimits limits, AuditLog audit, TenantQuotas quotas) {
		this.audit = audit;
		this.limits = limits;
		this.quotas = quotas;
		this.accounts = accounts;
		this.sessions = sessions;
		this.keys = keys;
		this.transaction = transaction;
	}

	/**
	 * One page of the admin's tenant's users (the admin too), oldest first: at most
	 * {@code limit} after the user {@code before} (null: from the first).
	 */
	public Flux<MemberView> list(ConsoleUser admin, int limit, UUID before) {
		return accounts.findPage(admin.requireTenant(), limit, before).map(MemberView::of);
	}

	/**
	 * Fails with {@code QUOTA_EXCEEDED} when the tenant has its quota of users; counted
	 * under the tenant's lock, so it must run in the transaction that then adds the user.
	 */
	Mono<Void> requireRoomForMember(UUID tenantId) {
		return quotas.requireRoom(tenantId, TenantQuotas.Quota.MEMBERS, () -> accounts.countByTenant(tenantId));
	}

	/**
	 * Adds a {@code MEMBER} to the admin's tenant from a request the handler has
	 * validated (its password by {@link com.gahorouter.console.auth.PasswordPolicy} too);
	 * limited per tenant ({@link AdmissionLimits}), unless the tenant's member quota is
	 * reached ({@code QUOTA_EXCEEDED}); one transaction.
	 */
	public Mono<MemberView> add(ConsoleUser admin, NewMemberRequest request) {
		UUID tenantId = admin.requireTenant();
		return limits.addition(tenantId)
			.then(Mono.defer(() -> accounts.requireEmailFree(request.email())))
			.then(Mono.defer(() -> requireRoomForMember(tenantId)))
			.then(Mono.defer(
					() -> accounts.create(tenantId, request.email(), request.name(), request.password(), Role.MEMBER)))
			.flatMap(account -> audit
				.record(admin.auditActor(), tenantId, AuditAction.MEMBER_ADDED, "MEMBER", account.id(),
						"Added member " + account.email())
				.thenReturn(MemberView.of(account)))
			.as(transaction::transactional);
	}

	/**
	 * Removes a member of the admin's tenant in one transaction: their API keys are
	 * revoked (the next key check on every replica refuses them) and their sessions end
	 * with the account. An unknown member changes nothing.
	 */
	public Mono<Void> remove(ConsoleUser admin, UUID memberId) {
		if (memberId.equals(admin.userId())) {
			return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "The tenant admin cannot remove themself."));
		}
		UUID tenantId = admin.requireTenant();
		// Keys first: deleting the account clears their created_by.
		return keys.revokeAllOf(tenantId, memberId)
			.then(accounts.deleteMember(tenantId, memberId))
			.flatMap(removed -> removed ? sessions.announceSignedOut(memberId) : Mono.error(ApiException.notFound()))
			.then(audit.record(admin.auditActor(), admin.tenantId(), AuditAction.MEMBER_REMOVED, "MEMBER", memberId,
					"Removed member " + memberId))
			.as(transaction::transactional)
			.then(Mono.fromRunnable(() -> {
				sessions.forgetUser(memberId);
				keys.forgetTenant(tenantId);
			}));
	}

}
