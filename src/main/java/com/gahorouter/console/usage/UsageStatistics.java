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
 * What a tenant used, read from the hourly rollup ({@code usage_hourly}, written with every usage record by
 * {@link UsageService}), never by scanning {@code usage_records}: a 30-day range of 20 groups is one aggregate
 * over at most 14,400 rows of the primary key's range.
 * <p>
 * Totals count all usage of the range, including groups the tenant can no longer use (they were charged); the
 * breakdown by group lists only groups available to the tenant now, as {@link AvailableGroups} says (cached and
 * evicted on every change, so a region change or an operator's block shows at once). Nothing here is cached.
 */
@Service
public class UsageStatistics {

    private final DatabaseClient db;
    private final AvailableGroups available;

    public UsageStatistics(DatabaseClient db, AvailableGroups available) {
        this.db = db;
        this.available = available;
    }

    /** {@code GET /api/usage}: the tenant's usage in the range, in total and by available group. */
    public Mono<UsageSummary> summary(UUID tenantId, UsageRange range) {
        return Mono.zip(available.forTenant(tenantId), byGroupId(tenantId, range))
                .map(listAndRows -> new UsageSummary(range.from(), range.to(), UsageTotals.of(listAndRows.getT2()),
                        byAvailableGroup(listAndRows.getT2(), listAndRows.getT1())));
    }

    /** One row per group with usage in the range, in no particular order: one aggregate query. */
    Mono<List<HourlyUsageRow>> byGroupId(UUID tenantId, UsageRange range) {
        return db.sql("select group_id, sum(requests)::bigint as requests, sum(input_tokens)::bigint as input_tokens, "
                        + "sum(output_tokens)::bigint as output_tokens, sum(cost) as cost from usage_hourly "
                        + "where tenant_id = :tenantId and hour >= :from and hour < :to group by group_id")
                .bind("tenantId", tenantId)
                .bind("from", range.from())
                .bind("to", range.to())
                .map(row -> new HourlyUsageRow(row.get("group_id", UUID.class), row.get("requests", Long.class),
                        row.get("input_tokens", Long.class), row.get("output_tokens", Long.class),
                        row.get("cost", BigDecimal.class)))
                .all()
                .collectList();
    }

    /** The rows of groups in {@code available}, in its order (by name); other groups' rows are left out. */
    static List<GroupUsage> byAvailableGroup(List<HourlyUsageRow> rows, GroupList available) {
        Map<UUID, HourlyUsageRow> byId = new HashMap<>();
        for (HourlyUsageRow row : rows) {
            byId.put(row.groupId(), row);
        }
        List<GroupUsage> usage = new ArrayList<>();
        for (ModelGroup group : available.groups()) {
            HourlyUsageRow row = byId.get(group.id());
            if (row != null) {
                usage.add(GroupUsage.of(group, row));
            }
        }
        return usage;
    }
}
