package com.gahorouter.console.catalog;

import java.util.UUID;

import com.gahorouter.console.tenant.Region;

/**
 * One entry of {@code GET /api/model-groups}: what a tenant sees of an available group.
 */
public record ModelGroupView(UUID id, String name, String platform, String rateMultiplier, Region serviceRegion,
		GroupStatus status) {

	public static ModelGroupView of(ModelGroup group) {
		return new ModelGroupView(group.id(), group.name(), group.platform(), group.rateMultiplierText(),
				group.serviceRegion(), group.status());
	}
}
