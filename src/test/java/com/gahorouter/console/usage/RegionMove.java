package com.gahorouter.console.usage;

import java.util.Map;
import java.util.UUID;

import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.system.TestDatabase;

/**
 * Moves a tenant to {@code CN} the way a region change would leave it, without the change
 * itself (that lives in the region feature and also unbinds keys): the tenant row, then
 * the eviction of its cached available groups.
 */
final class RegionMove {

	private RegionMove() {
	}

	static void toMainlandChina(TestDatabase database, AvailableGroups available, UUID tenantId) {
		database.execute("update tenants set region = 'CN' where id = :id", Map.of("id", tenantId));
		available.evictTenant(tenantId);
	}

}
