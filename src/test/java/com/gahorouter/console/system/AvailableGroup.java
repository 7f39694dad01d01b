package com.gahorouter.console.system;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One entry of a tenant's available groups ({@code GET /api/model-groups}).
 *
 * @param id the group's id
 * @param name its name
 * @param platform the platform behind it
 * @param rateMultiplier the multiplier, as the decimal string of the JSON
 * @param serviceRegion {@code CN} or {@code OVERSEAS}
 * @param status {@code ACTIVE} or {@code MAINTENANCE}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AvailableGroup(UUID id, String name, String platform, String rateMultiplier, String serviceRegion,
		String status) {
}
