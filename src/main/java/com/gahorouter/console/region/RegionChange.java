package com.gahorouter.console.region;

import com.gahorouter.console.tenant.Region;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The answer of {@code PUT /api/tenant/region}. */
public record RegionChange(Region previousRegion, Region region, Instant changedAt, List<UUID> unboundKeys) {
}
