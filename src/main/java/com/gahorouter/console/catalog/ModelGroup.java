package com.gahorouter.console.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.gahorouter.console.tenant.Region;

/**
 * A model group as the operator defined it. Immutable; the cached available-groups lists
 * of all tenants share the same instances.
 *
 * @param rateMultiplier the factor applied to the base cost of every call through this
 * group (&gt; 0)
 * @param serviceRegion where the group's upstream service runs
 * @param models upstream model ids, in the operator's order
 */
public record ModelGroup(UUID id, String name, String platform, BigDecimal rateMultiplier, Region serviceRegion,
		Visibility visibility, GroupStatus status, List<String> models, Instant createdAt, Instant updatedAt,
		long version) {

	public ModelGroup {
		models = List.copyOf(models);
	}

	/**
	 * The multiplier as the contract's decimal string: no trailing zeros beyond one
	 * decimal ("1.0", "1.5", "0.85").
	 */
	public String rateMultiplierText() {
		BigDecimal stripped = rateMultiplier.stripTrailingZeros();
		return (stripped.scale() < 1 ? stripped.setScale(1) : stripped).toPlainString();
	}
}
