package com.gahorouter.console.catalog;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.gahorouter.console.tenant.Region;

/**
 * What tenants of one region can have: the groups past the deployment and region filters
 * (ordered by name) and the list of a tenant without overrides, built once and shared by
 * every such tenant.
 */
record RegionCatalog(Region region, Set<Region> deploymentRegions, List<ModelGroup> candidates, GroupList defaultList) {

	/**
	 * The groups available to a tenant of this region with these overrides, in catalog
	 * order.
	 */
	List<ModelGroup> resolve(Map<UUID, GroupAccess> overrides) {
		return candidates.stream()
			.filter(group -> AvailabilityRule.isAvailable(group, deploymentRegions, region,
					overrides.getOrDefault(group.id(), GroupAccess.DEFAULT)))
			.toList();
	}

	/**
	 * The tenant's list: the shared default when its overrides change nothing, else its
	 * own.
	 */
	GroupList listFor(Map<UUID, GroupAccess> overrides, GroupListEncoder encoder) {
		if (overrides.isEmpty()) {
			return defaultList;
		}
		List<ModelGroup> resolved = resolve(overrides);
		return sameGroups(resolved, defaultList.groups()) ? defaultList : encoder.encode(resolved);
	}

	private static boolean sameGroups(List<ModelGroup> a, List<ModelGroup> b) {
		if (a.size() != b.size()) {
			return false;
		}
		for (int i = 0; i < a.size(); i++) {
			if (a.get(i) != b.get(i)) {
				return false;
			}
		}
		return true;
	}
}
