package com.gahorouter.console.member;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.auth.AccountService;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.auth.Role;
import com.gahorouter.console.auth.SessionService;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

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

	private final TransactionalOperator transaction;

	private final AdmissionLimits limits;

	private final AuditLog audit;

	public MemberService(AccountService accounts, SessionService sessions, TransactionalOperator transaction,
			AdmissionLimits limits, AuditLog audit) {
		this.audit = audit;
		this.limits = limits;
		this.accounts = accounts;
		this.sessions = sessions;
		this.transaction = transaction;
	}

	/** The admin's tenant's users (the admin too), oldest first. */
	public Flux<MemberView> list(ConsoleUser admin) {
		return accounts.findByTenant(admin.requireTenant()).map(MemberView::of);
	}

	/**
	 * Adds a {@code MEMBER} to the admin's tenant from a request the handler has
	 * validated (its password by {@link com.gahorouter.console.auth.PasswordPolicy} too);
	 * limited per tenant ({@link AdmissionLimits}).
	 */
	public Mono<MemberView> add(ConsoleUser admin, NewMemberRequest request) {
		UUID tenantId = admin.requireTenant();
		return limits.addition(tenantId)
			.then(Mono.defer(() -> accounts.requireEmailFree(request.email())))
			.then(Mono.defer(
					() -> accounts.create(tenantId, request.email(), request.name(), request.password(), Role.MEMBER)))
			.flatMap(account -> audit
				.record(admin.auditActor(), tenantId, AuditAction.MEMBER_ADDED, "MEMBER", account.id(),
						"Added member " + account.email())
				.thenReturn(MemberView.of(account)))
			.as(transaction::transactional);
	}

	/** Removes a member of the admin's tenant; their sessions end with the account. */
	public Mono<Void> remove(ConsoleUser admin, UUID memberId) {
		if (memberId.equals(admin.userId())) {
			return Mono.error(new ApiException(ErrorCode.FORBIDDEN, "The tenant admin cannot remove themself."));
		}
		return accounts.deleteMember(admin.requireTenant(), memberId)
			.flatMap(removed -> removed ? sessions.announceSignedOut(memberId) : Mono.error(ApiException.notFound()))
			.then(audit.record(admin.auditActor(), admin.tenantId(), AuditAction.MEMBER_REMOVED, "MEMBER", memberId,
					"Removed member " + memberId))
			.as(transaction::transactional)
			.then(Mono.fromRunnable(() -> sessions.forgetUser(memberId)));
	}

}
