package com.gahorouter.console.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.catalog.GroupList;
import com.gahorouter.console.catalog.ModelGroup;

import reactor.core.publisher.Mono;

/**
 * What a tenant used, read from the rollups that {@link UsageIngestion} writes with every
 * usage record, never by scanning {@code usage_records}: whole UTC days from
 * {@code usage_daily}, the hours before and after them from {@code usage_hourly}, in one
 * aggregate over three ranges of the primary keys. A 30-day range of 20 groups sums about
 * 1,500 rows (30 days and up to 47 hours per group) instead of 14,400 hourly ones.
 * <p>
 * Totals count all usage of the range, including groups the tenant can no longer use
 * (they were charged); the breakdown by group lists only groups available to the tenant
 * now, as {@link AvailableGroups} says (cached and evicted on every change, so a region
 * change or an operator's block shows at once). Nothing here is cached.
 */
@Service
public class UsageStatistics {

	private final UsageRepository usage;

	private final AvailableGroups available;

	UsageStatistics(UsageRepository usage, AvailableGroups available) {
		this.usage = usage;
		this.available = available;
	}

	/**
	 * {@code GET /api/usage}: the tenant's usage in the range, in total and by available
	 * group.
	 */
	public Mono<UsageSummary> summary(UUID tenantId, UsageRange range) {
		return Mono.zip(available.forTenant(tenantId), byGroupId(tenantId, range))
			.map(listAndRows -> new UsageSummary(range.from(), range.to(), UsageTotals.of(listAndRows.getT2()),
					byAvailableGroup(listAndRows.getT2(), listAndRows.getT1())));
	}

	/**
	 * One row per group with usage in the range, in no particular order: one aggregate
	 * query.
	 */
	Mono<List<GroupUsageRow>> byGroupId(UUID tenantId, UsageRange range) {
		return usage.sumByGroup(tenantId, range);
	}

	/**
	 * The rows of groups in {@code available}, in its order (by name); other groups' rows
	 * are left out.
	 */
	static List<GroupUsage> byAvailableGroup(List<GroupUsageRow> rows, GroupList available) {
		Map<UUID, GroupUsageRow> byId = new HashMap<>();
		for (GroupUsageRow row : rows) {
			byId.put(row.groupId(), row);
		}
		List<GroupUsage> breakdown = new ArrayList<>();
		for (ModelGroup group : available.groups()) {
			GroupUsageRow row = byId.get(group.id());
			if (row != null) {
				breakdown.add(GroupUsage.of(group, row));
			}
		}
		return breakdown;
	}

}
