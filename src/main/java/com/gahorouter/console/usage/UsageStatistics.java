package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
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

	private final DatabaseClient db;

	private final AvailableGroups available;

	public UsageStatistics(DatabaseClient db, AvailableGroups available) {
		this.db = db;
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
		return db
			.sql("select group_id, sum(requests)::bigint as requests, sum(input_tokens)::bigint as input_tokens, "
					+ "sum(output_tokens)::bigint as output_tokens, sum(cost) as cost from ("
					+ "select group_id, requests, input_tokens, output_tokens, cost from usage_daily "
					+ "where tenant_id = :tenantId and day >= :daysFrom and day < :daysTo "
					+ "union all select group_id, requests, input_tokens, output_tokens, cost from usage_hourly "
					+ "where tenant_id = :tenantId and hour >= :from and hour < :daysFrom "
					+ "union all select group_id, requests, input_tokens, output_tokens, cost from usage_hourly "
					+ "where tenant_id = :tenantId and hour >= :daysTo and hour < :to" + ") usage group by group_id")
			.bind("tenantId", tenantId)
			.bind("from", range.from())
			.bind("to", range.to())
			.bind("daysFrom", range.wholeDaysFrom())
			.bind("daysTo", range.wholeDaysTo())
			.map(row -> new GroupUsageRow(row.get("group_id", UUID.class), row.get("requests", Long.class),
					row.get("input_tokens", Long.class), row.get("output_tokens", Long.class),
					row.get("cost", BigDecimal.class)))
			.all()
			.collectList();
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
		List<GroupUsage> usage = new ArrayList<>();
		for (ModelGroup group : available.groups()) {
			GroupUsageRow row = byId.get(group.id());
			if (row != null) {
				usage.add(GroupUsage.of(group, row));
			}
		}
		return usage;
	}

}
