package com.gahorouter.console.auth;

import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Where sign-in answers find the signed-in user's tenant; implemented by the tenant
 * feature.
 */
public interface SignInTenants {

	/** The tenant as sign-in answers show it, or {@code NOT_FOUND}. */
	Mono<? extends SignInTenant> signInTenant(UUID tenantId);

}
