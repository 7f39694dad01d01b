package com.gahorouter.console.region;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.gahorouter.console.catalog.ModelGroupView;
import com.gahorouter.console.tenant.Region;

import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The answer of {@code GET /api/tenant/region/precheck}: what a change to
 * {@code targetRegion} would do.
 *
 * @param affectedKeys the tenant's active keys (every member's) bound to a group it would
 * lose
 * @param complianceNotice the cross-border data notice when the target is
 * {@code OVERSEAS}, else null
 */
public record RegionPrecheck(Region currentRegion, Region targetRegion, boolean unchanged,
		List<ModelGroupView> groupsLost, List<ModelGroupView> groupsGained,
		@JsonSerialize(using = AffectedKeysJson.Serializer.class) List<AffectedKey> affectedKeys,
		boolean requiresComplianceAck, String complianceNotice) {

	/**
	 * A key that would stop working: unbound to {@code PENDING_REASSIGNMENT} by the
	 * change.
	 */
	public record AffectedKey(UUID id, String name, String prefix, UUID groupId, String groupName, Instant lastUsedAt,
			boolean inUse) {

	}
}
