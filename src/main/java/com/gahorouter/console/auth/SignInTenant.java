package com.gahorouter.console.auth;

import java.util.UUID;

/**
 * The {@code tenant} object of sign-in answers and {@code /api/me}. The tenant feature
 * provides it (with the tenant's region), so that auth, the lowest feature, needs to know
 * nothing of tenants.
 */
public interface SignInTenant {

	UUID id();

	String name();

}
