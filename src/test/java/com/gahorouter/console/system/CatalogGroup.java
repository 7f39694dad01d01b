package com.gahorouter.console.system;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A model group as the operator's catalog answers it ({@code POST} and {@code PUT
 * /api/admin/model-groups}).
 *
 * @param id the group's id
 * @param name its unique name
 * @param platform the platform behind it
 * @param rateMultiplier the multiplier, as the decimal string of the JSON
 * @param serviceRegion {@code CN} or {@code OVERSEAS}
 * @param visibility {@code PUBLIC} or {@code RESTRICTED}
 * @param status {@code ACTIVE}, {@code MAINTENANCE} or {@code DISABLED}
 * @param models the model names
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CatalogGroup(UUID id, String name, String platform, String rateMultiplier, String serviceRegion,
		String visibility, String status, List<String> models) {
}
