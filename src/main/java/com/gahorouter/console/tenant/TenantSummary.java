package com.gahorouter.console.tenant;

import java.util.UUID;

import com.gahorouter.console.auth.SignInTenant;

/** The {@code tenant} object of sign-in answers and {@code /api/me}. */
public record TenantSummary(UUID id, String name, Region region) implements SignInTenant {

	public static TenantSummary of(Tenant tenant) {
		return new TenantSummary(tenant.id(), tenant.name(), tenant.region());
	}
}
