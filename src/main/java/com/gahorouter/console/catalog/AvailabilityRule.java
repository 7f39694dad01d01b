package com.gahorouter.console.catalog;

import java.util.Set;

import com.gahorouter.console.tenant.Region;

/**
 * The contract's three filters, in order, as pure functions: deployment (not
 * {@code DISABLED}, service region served here), region (a {@code CN} tenant sees only
 * {@code CN} groups, an {@code OVERSEAS} tenant all), tenant ({@code PUBLIC} unless
 * blocked, {@code RESTRICTED} only if granted). {@link AvailableGroups} applies nothing
 * else.
 */
final class AvailabilityRule {

	private AvailabilityRule() {
	}

	static boolean isAvailable(GroupStatus status, Region serviceRegion, Visibility visibility,
			Set<Region> deploymentRegions, Region tenantRegion, GroupAccess access) {
		return isDeployed(status, serviceRegion, deploymentRegions) && isInRegion(serviceRegion, tenantRegion)
				&& isAllowedForTenant(visibility, access);
	}

	static boolean isAvailable(ModelGroup group, Set<Region> deploymentRegions, Region tenantRegion,
			GroupAccess access) {
		return isAvailable(group.status(), group.serviceRegion(), group.visibility(), deploymentRegions, tenantRegion,
				access);
	}

	/**
	 * Filters 1 and 2: whether a tenant of the region could have the group, given the
	 * right override.
	 */
	static boolean isCandidate(ModelGroup group, Set<Region> deploymentRegions, Region tenantRegion) {
		return isDeployed(group.status(), group.serviceRegion(), deploymentRegions)
				&& isInRegion(group.serviceRegion(), tenantRegion);
	}

	static boolean isDeployed(GroupStatus status, Region serviceRegion, Set<Region> deploymentRegions) {
		return status != GroupStatus.DISABLED && deploymentRegions.contains(serviceRegion);
	}

	static boolean isInRegion(Region serviceRegion, Region tenantRegion) {
		return switch (tenantRegion) {
			case CN -> serviceRegion == Region.CN;
			case OVERSEAS -> true;
		};
	}

	static boolean isAllowedForTenant(Visibility visibility, GroupAccess access) {
		return switch (visibility) {
			case PUBLIC -> access != GroupAccess.BLOCKED;
			case RESTRICTED -> access == GroupAccess.GRANTED;
		};
	}

}
