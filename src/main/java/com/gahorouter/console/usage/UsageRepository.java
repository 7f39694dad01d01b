package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.SqlParameters;

import reactor.core.publisher.Mono;

/**
 * SQL of usage: {@code usage_records} and their rollups {@code usage_hourly} and
 * {@code usage_daily}. Writes join the caller's transaction.
 */
@Repository
class UsageRepository {

	private final DatabaseClient db;

	UsageRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts the record unless its request id was recorded before; emits its id when
	 * inserted, nothing for a replay (perhaps a concurrent one).
	 */
	Mono<Long> insertRecord(UsageRecord record) {
		return db.sql("""
				insert into usage_records (request_id, tenant_id, key_id, group_id, input_tokens, output_tokens,
				                           base_cost, cost, occurred_at)
				values (:requestId, :tenantId, :keyId, :groupId, :inputTokens, :outputTokens, :baseCost, :cost,
				        :occurredAt)
				on conflict (request_id) do nothing
				returning id
				""")
			.bind("requestId", record.requestId())
			.bind("tenantId", record.tenantId())
			.bind("keyId", record.keyId())
			.bind("groupId", record.groupId())
			.bind("inputTokens", record.inputTokens())
			.bind("outputTokens", record.outputTokens())
			.bind("baseCost", record.baseCost())
			.bind("cost", record.cost())
			.bind("occurredAt", record.occurredAt())
			.map(row -> row.get("id", Long.class))
			.one();
	}

	/**
	 * Adds the record to its hour's and its day's rollup, in one statement. Callers hold
	 * the tenant's row lock (the ledger append before it takes it), so that rollups of
	 * one tenant never interleave: no deadlock between the hourly and the daily row.
	 */
	Mono<Void> rollUp(UsageRecord record) {
		return db.sql("""
				with hourly as (
				    insert into usage_hourly (tenant_id, group_id, hour, requests, input_tokens, output_tokens, cost)
				    values (:tenantId, :groupId, date_trunc('hour', :occurredAt, 'UTC'), 1, :inputTokens,
				            :outputTokens, :cost)
				    on conflict (tenant_id, hour, group_id) do update set
				        requests = usage_hourly.requests + 1,
				        input_tokens = usage_hourly.input_tokens + excluded.input_tokens,
				        output_tokens = usage_hourly.output_tokens + excluded.output_tokens,
				        cost = usage_hourly.cost + excluded.cost)
				insert into usage_daily (tenant_id, group_id, day, requests, input_tokens, output_tokens, cost)
				values (:tenantId, :groupId, date_trunc('day', :occurredAt, 'UTC'), 1, :inputTokens, :outputTokens,
				        :cost)
				on conflict (tenant_id, day, group_id) do update set
				    requests = usage_daily.requests + 1,
				    input_tokens = usage_daily.input_tokens + excluded.input_tokens,
				    output_tokens = usage_daily.output_tokens + excluded.output_tokens,
				    cost = usage_daily.cost + excluded.cost
				""")
			.bind("tenantId", record.tenantId())
			.bind("groupId", record.groupId())
			.bind("occurredAt", record.occurredAt())
			.bind("inputTokens", record.inputTokens())
			.bind("outputTokens", record.outputTokens())
			.bind("cost", record.cost())
			.then();
	}

	/**
	 * One row per group with usage in the range, in no particular order: whole UTC days
	 * from {@code usage_daily}, the hours before and after them from
	 * {@code usage_hourly}, in one aggregate over three ranges of the primary keys.
	 */
	Mono<List<GroupUsageRow>> sumByGroup(UUID tenantId, UsageRange range) {
		return db.sql("""
				select group_id, sum(requests)::bigint as requests, sum(input_tokens)::bigint as input_tokens,
				       sum(output_tokens)::bigint as output_tokens, sum(cost) as cost
				from (
				    select group_id, requests, input_tokens, output_tokens, cost from usage_daily
				    where tenant_id = :tenantId and day >= :daysFrom and day < :daysTo
				    union all
				    select group_id, requests, input_tokens, output_tokens, cost from usage_hourly
				    where tenant_id = :tenantId and hour >= :from and hour < :daysFrom
				    union all
				    select group_id, requests, input_tokens, output_tokens, cost from usage_hourly
				    where tenant_id = :tenantId and hour >= :daysTo and hour < :to
				) usage
				group by group_id
				""")
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
	 * For each of the keys with a recorded call since {@code since}, the time of its
	 * latest one.
	 */
	Mono<Map<UUID, Instant>> lastCallsSince(Collection<UUID> keyIds, Instant since) {
		return db.sql("""
				select key_id, max(occurred_at) as last_call from usage_records
				where key_id = any(:ids) and occurred_at >= :since
				group by key_id
				""")
			.bind("ids", SqlParameters.uuidArray(keyIds))
			.bind("since", since)
			.map(row -> Map.entry(row.get("key_id", UUID.class), row.get("last_call", Instant.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

}
