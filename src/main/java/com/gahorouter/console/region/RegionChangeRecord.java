package com.gahorouter.console.region;

import com.gahorouter.console.tenant.Region;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One entry of {@code GET /api/tenant/region/changes}, the audit trail. */
public record RegionChangeRecord(UUID id, Region fromRegion, Region toRegion, ChangedBy changedBy,
		boolean complianceAcknowledged, List<UUID> unboundKeys, Instant changedAt) {

	/** Who changed it; null when that account has since been removed. */
	public record ChangedBy(UUID id, String email) {
	}
}
