package com.gahorouter.console.usage;

import java.util.List;

import com.gahorouter.console.catalog.ModelGroupView;
import com.gahorouter.console.tenant.TenantSummary;

/**
 * The answer of {@code GET /api/dashboard}.
 *
 * @param balance the tenant's credit, a decimal string
 * @param modelGroups the tenant's available groups, as {@code GET /api/model-groups}
 * lists them
 */
public record Dashboard(TenantSummary tenant, String balance, List<ModelGroupView> modelGroups, Usage usage) {

	/**
	 * The dashboard's usage: the current hour and the 23 before it.
	 *
	 * @param last24h all usage of those hours, including groups the tenant can no longer
	 * use
	 * @param byGroup only available groups with usage in those hours, ordered by name
	 */
	public record Usage(UsageTotals last24h, List<GroupUsage> byGroup) {
	}
}
