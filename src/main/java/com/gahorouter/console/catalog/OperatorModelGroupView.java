package com.gahorouter.console.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.gahorouter.console.tenant.Region;

/** A model group as the operator's endpoints answer it: every field, every status. */
public record OperatorModelGroupView(UUID id, String name, String platform, String rateMultiplier, Region serviceRegion,
		Visibility visibility, GroupStatus status, List<String> models, Instant createdAt, Instant updatedAt) {

	static OperatorModelGroupView of(ModelGroup group) {
		return new OperatorModelGroupView(group.id(), group.name(), group.platform(), group.rateMultiplierText(),
				group.serviceRegion(), group.visibility(), group.status(), group.models(), group.createdAt(),
				group.updatedAt());
	}
}
