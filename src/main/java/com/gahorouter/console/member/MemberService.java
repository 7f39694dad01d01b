package com.gahorouter.console.member;

import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.apikey.ApiKeyService;
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

	private final ApiKeyService keys;

	private final TransactionalOperator transaction;

	public MemberService(AccountService accounts, SessionService sessions, ApiKeyService keys,
			TransactionalOperator transaction) {
		this.accounts = accounts;
		this.sessions = sessions;
		this.keys = keys;
		this.transaction = transaction;
	}

	/** The admin's tenant's users (the admin too), oldest first. */
	public Flux<MemberView> list(ConsoleUser admin) {
		return accounts.findByTenant(admin.requireTenant()).map(MemberView::of);
	}

	/**
	 * Adds a {@code MEMBER} to the admin's tenant from a request the handler has
	 * validated (its password by {@link com.gahorouter.console.auth.PasswordPolicy} too).
	 */
	public Mono<MemberView> add(ConsoleUser admin, NewMemberRequest request) {
		UUID tenantId = admin.requireTenant();
		return Mono.defer(() -> accounts.requireEmailFree(request.email()))
			.then(Mono.defer(
					() -> accounts.create(tenantId, request.email(), request.name(), request.password(), Role.MEMBER)))
			.map(MemberView::of);
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
			.as(transaction::transactional)
			.then(Mono.fromRunnable(() -> {
				sessions.forgetUser(memberId);
				keys.forgetTenant(tenantId);
			}));
	}

}
