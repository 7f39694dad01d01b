package com.gahorouter.console.audit;

import java.util.Objects;
import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.Secrets;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The audit log: who did which state-changing action to what, and from where. Every
 * feature writes its entry with {@link #record} inside the transaction of the action, so
 * an action that fails (or rolls back) leaves no entry, and one that commits always has
 * one. The table refuses updates and deletes. It lives below {@code auth} so that every
 * feature, sign-in included, can write to it; the actor comes as plain values
 * ({@link AuditActor}).
 */
@Service
public class AuditLog {

	/** Longest summary stored; longer ones (a long key name) are cut. */
	private static final int SUMMARY_LENGTH = 500;

	private final AuditLogRepository entries;

	private final TransactionalOperator transaction;

	AuditLog(AuditLogRepository entries, TransactionalOperator transaction) {
		this.entries = entries;
		this.transaction = transaction;
	}

	/**
	 * Writes an entry by {@code actor}; joins the caller's transaction (call it inside
	 * the action's {@code transactional} chain).
	 * @param actor who did it; its {@code ip} null takes the current request's address
	 * @param tenantId the tenant whose log shows the entry; null for platform-wide ones
	 * @param action what happened
	 * @param targetType the kind of thing acted on ({@code API_KEY}, {@code MEMBER}, …)
	 * @param targetId its id (any value, stored as text); may be null
	 * @param summary one human sentence; never a secret
	 */
	public Mono<Void> record(AuditActor actor, UUID tenantId, AuditAction action, String targetType, Object targetId,
			String summary) {
		Objects.requireNonNull(actor, "actor");
		return Mono.deferContextual(context -> {
			AuditActor withIp = actor.ip() != null ? actor : actor.withIp(ClientAddressContext.of(context));
			return entries.insert(Secrets.newId(), tenantId, action, withIp, targetType,
					targetId == null ? null : targetId.toString(), cut(summary));
		});
	}

	/**
	 * Writes an entry by the signed-in user of the current request (the principal, when
	 * it is an {@link AuditActor.Source}), or by {@link AuditActor#system()} outside a
	 * signed-in request; joins the caller's transaction.
	 */
	public Mono<Void> record(UUID tenantId, AuditAction action, String targetType, Object targetId, String summary) {
		return currentActor().flatMap(actor -> record(actor, tenantId, action, targetType, targetId, summary));
	}

	/**
	 * Writes an entry in a transaction of its own, for an event that has none (a failed
	 * sign-in).
	 */
	public Mono<Void> recordAlone(AuditActor actor, UUID tenantId, AuditAction action, String targetType,
			Object targetId, String summary) {
		return record(actor, tenantId, action, targetType, targetId, summary).as(transaction::transactional);
	}

	/** A page of the log, newest first. */
	public Flux<AuditEntry> find(AuditQuery query) {
		return entries.find(query);
	}

	private static Mono<AuditActor> currentActor() {
		return ReactiveSecurityContextHolder.getContext()
			.map(SecurityContext::getAuthentication)
			.map(Authentication::getPrincipal)
			.ofType(AuditActor.Source.class)
			.map(AuditActor.Source::auditActor)
			.defaultIfEmpty(AuditActor.system());
	}

	private static String cut(String summary) {
		return summary.length() <= SUMMARY_LENGTH ? summary : summary.substring(0, SUMMARY_LENGTH - 1) + "…";
	}

}
