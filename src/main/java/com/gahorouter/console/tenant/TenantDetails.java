package com.gahorouter.console.tenant;

import java.time.Instant;
import java.util.UUID;

import com.gahorouter.console.system.Money;

/** The answer of {@code GET /api/tenant}; {@code balance} is a decimal string. */
public record TenantDetails(UUID id, String name, Region region, String regionLabel, String contactName,
		String contactPhone, String balance, Instant createdAt, boolean canChangeRegion) {

	static TenantDetails of(Tenant tenant, boolean canChangeRegion) {
		return new TenantDetails(tenant.id(), tenant.name(), tenant.region(), tenant.region().label(),
				tenant.contactName(), tenant.contactPhone(), Money.format(tenant.balance()), tenant.createdAt(),
				canChangeRegion);
	}
}
