package com.gahorouter.console.tenant;

import java.util.UUID;

/** The {@code tenant} object of sign-in answers and {@code /api/me}. */
public record TenantSummary(UUID id, String name, Region region) {

    public static TenantSummary of(Tenant tenant) {
        return new TenantSummary(tenant.id(), tenant.name(), tenant.region());
    }
}
