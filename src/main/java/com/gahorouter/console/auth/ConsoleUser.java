package com.gahorouter.console.auth;

import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.web.reactive.function.server.ServerRequest;

import com.gahorouter.console.audit.AuditActor;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

import reactor.core.publisher.Mono;

/**
 * The signed-in user behind a console request, resolved from the session token. It
 * carries no tenant state (region, balance): those are read fresh, so a change takes
 * effect without a new sign-in.
 *
 * @param tenantId null only for the platform operator ({@link Role#SYSTEM_ADMIN})
 */
public record ConsoleUser(UUID userId, UUID tenantId, String email, String name, Role role,
		UUID sessionId) implements AuditActor.Source {

	/** This user as the actor of an audit entry. */
	@Override
	public AuditActor auditActor() {
		return AuditActor.user(userId, email, role.name(), tenantId);
	}

	public boolean isTenantAdmin() {
		return role == Role.TENANT_ADMIN;
	}

	/**
	 * The tenant of a tenant user; the platform operator has none, so tenant pages are
	 * 404 to it.
	 */
	public UUID requireTenant() {
		if (tenantId == null) {
			throw ApiException.notFound();
		}
		return tenantId;
	}

	/**
	 * The user of an authenticated console request (the security rules guarantee there is
	 * one).
	 */
	public static Mono<ConsoleUser> of(ServerRequest request) {
		return request.principal()
			.filter(Authentication.class::isInstance)
			.map(principal -> ((Authentication) principal).getPrincipal())
			.ofType(ConsoleUser.class)
			.switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.UNAUTHENTICATED, "Sign in first.")));
	}
}
