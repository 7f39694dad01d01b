package com.gahorouter.console.region;

import com.gahorouter.console.tenant.Region;

import jakarta.validation.constraints.NotNull;

/**
 * {@code PUT /api/tenant/region}; a change to {@code OVERSEAS} needs
 * {@code complianceAcknowledged: true}.
 */
public record RegionChangeRequest(@NotNull Region region, Boolean complianceAcknowledged) {

	boolean acknowledged() {
		return Boolean.TRUE.equals(complianceAcknowledged);
	}
}
