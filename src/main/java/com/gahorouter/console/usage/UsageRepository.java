package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.SqlParameters;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of usage: {@code usage_records} (partitioned by day) and their rollups
 * {@code usage_hourly} and {@code usage_daily}. Writes join the caller's transaction and
 * take a whole group-commit window at once, rows in SQL {@code order by} order, so that
 * concurrent windows lock them in the same order.
 */
@Repository
class UsageRepository {

	private static final String INSERT_NEW = """
			insert into usage_records (request_id, tenant_id, key_id, group_id, input_tokens, output_tokens,
			                           base_cost, cost, occurred_at, occurred_day)
			select r.request_id, r.tenant_id, r.key_id, r.group_id, r.input_tokens, r.output_tokens, r.base_cost,
			       r.cost, r.occurred_at, (r.occurred_at at time zone 'UTC')::date
			from unnest(cast(:requestIds as varchar[]), cast(:tenantIds as uuid[]), cast(:keyIds as uuid[]),
			            cast(:groupIds as uuid[]), cast(:inputTokens as bigint[]), cast(:outputTokens as bigint[]),
			            cast(:baseCosts as numeric[]), cast(:costs as numeric[]), cast(:occurredAts as timestamptz[]))
			     as r(request_id, tenant_id, key_id, group_id, input_tokens, output_tokens, base_cost, cost,
			          occurred_at)
			order by r.request_id, r.occurred_at
			on conflict (request_id, occurred_day) do nothing
			returning request_id, occurred_day
			""";

	/** Both rollups in one statement, each row of a window's aggregate once. */
	private static final String ROLL_UP = """
			with rows as (
			    select * from unnest(cast(:tenantIds as uuid[]), cast(:groupIds as uuid[]),
			                         cast(:hours as timestamptz[]), cast(:requests as bigint[]),
			                         cast(:inputTokens as bigint[]), cast(:outputTokens as bigint[]),
			                         cast(:costs as numeric[]))
			        as r(tenant_id, group_id, hour, requests, input_tokens, output_tokens, cost)
			), hourly as (
			    insert into usage_hourly (tenant_id, group_id, hour, requests, input_tokens, output_tokens, cost)
			    select tenant_id, group_id, hour, requests, input_tokens, output_tokens, cost from rows
			    order by tenant_id, hour, group_id
			    on conflict (tenant_id, hour, group_id) do update set
			        requests = usage_hourly.requests + excluded.requests,
			        input_tokens = usage_hourly.input_tokens + excluded.input_tokens,
			        output_tokens = usage_hourly.output_tokens + excluded.output_tokens,
			        cost = usage_hourly.cost + excluded.cost
			)
			insert into usage_daily (tenant_id, group_id, day, requests, input_tokens, output_tokens, cost)
			select tenant_id, group_id, date_trunc('day', hour, 'UTC'), sum(requests), sum(input_tokens),
			       sum(output_tokens), sum(cost)
			from rows
			group by tenant_id, group_id, date_trunc('day', hour, 'UTC')
			order by tenant_id, 3, group_id
			on conflict (tenant_id, day, group_id) do update set
			    requests = usage_daily.requests + excluded.requests,
			    input_tokens = usage_daily.input_tokens + excluded.input_tokens,
			    output_tokens = usage_daily.output_tokens + excluded.output_tokens,
			    cost = usage_daily.cost + excluded.cost
			""";

	private final DatabaseClient db;

	UsageRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts the records whose request id is new on their day; emits the
	 * {@link UsageRecord#identity() identities} of those inserted.
	 */
	Mono<Set<String>> insertNew(List<UsageRecord> records) {
		return db.sql(INSERT_NEW)
			.bind("requestIds", column(records, UsageRecord::requestId, String[]::new))
			.bind("tenantIds", column(records, UsageRecord::tenantId, UUID[]::new))
			.bind("keyIds", column(records, UsageRecord::keyId, UUID[]::new))
			.bind("groupIds", column(records, UsageRecord::groupId, UUID[]::new))
			.bind("inputTokens", column(records, UsageRecord::inputTokens, Long[]::new))
			.bind("outputTokens", column(records, UsageRecord::outputTokens, Long[]::new))
			.bind("baseCosts", column(records, UsageRecord::baseCost, BigDecimal[]::new))
			.bind("costs", column(records, UsageRecord::cost, BigDecimal[]::new))
			.bind("occurredAts", column(records, record -> record.occurredAt().toString(), String[]::new))
			.map(row -> UsageRecord.identity(row.get("request_id", String.class),
					row.get("occurred_day", LocalDate.class)))
			.all()
			.collect(Collectors.toSet());
	}

	/**
	 * Adds the records to the hourly and daily rollups, aggregated per tenant, group and
	 * hour.
	 */
	Mono<Void> rollUp(List<UsageRecord> records) {
		Map<List<Object>, long[]> tokens = new LinkedHashMap<>();
		Map<List<Object>, BigDecimal> costs = new LinkedHashMap<>();
		for (UsageRecord record : records) {
			List<Object> key = List.of(record.tenantId(), record.groupId(), record.hour());
			long[] sums = tokens.computeIfAbsent(key, k -> new long[3]);
			sums[0]++;
			sums[1] += record.inputTokens();
			sums[2] += record.outputTokens();
			costs.merge(key, record.cost(), BigDecimal::add);
		}
		List<List<Object>> keys = new ArrayList<>(tokens.keySet());
		return db.sql(ROLL_UP)
			.bind("tenantIds", keys.stream().map(key -> (UUID) key.get(0)).toArray(UUID[]::new))
			.bind("groupIds", keys.stream().map(key -> (UUID) key.get(1)).toArray(UUID[]::new))
			.bind("hours", keys.stream().map(key -> key.get(2).toString()).toArray(String[]::new))
			.bind("requests", keys.stream().map(key -> tokens.get(key)[0]).toArray(Long[]::new))
			.bind("inputTokens", keys.stream().map(key -> tokens.get(key)[1]).toArray(Long[]::new))
			.bind("outputTokens", keys.stream().map(key -> tokens.get(key)[2]).toArray(Long[]::new))
			.bind("costs", keys.stream().map(costs::get).toArray(BigDecimal[]::new))
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
	 * The tenant's usage per UTC hour, group and key in the range, oldest hour first,
	 * with the group's and the key's current names; only keys created by {@code creator}
	 * when it is not null. Read {@code fetchSize} rows at a time (a portal), so a long
	 * range is never held in memory. Joins the catalog's and the keys' tables for their
	 * names: a streamed export cannot look them up per row.
	 */
	Flux<UsageExportRow> hourlyByKey(UUID tenantId, UUID creator, UsageRange range, int fetchSize) {
		return db.sql("""
				select u.hour, u.group_id, g.name as group_name, u.key_id, k.name as key_name, u.requests,
				       u.input_tokens, u.output_tokens, u.cost
				from (
				    select date_trunc('hour', r.occurred_at, 'UTC') as hour, r.group_id, r.key_id,
				           count(*) as requests, sum(r.input_tokens)::bigint as input_tokens,
				           sum(r.output_tokens)::bigint as output_tokens, sum(r.cost) as cost
				    from usage_records r
				    where r.tenant_id = :tenantId
				      and r.occurred_day >= cast(:fromDay as date) and r.occurred_day <= cast(:toDay as date)
				      and r.occurred_at >= :from and r.occurred_at < :to
				    group by 1, 2, 3
				) u
				join api_keys k on k.id = u.key_id
				join model_groups g on g.id = u.group_id
				where cast(:creator as uuid) is null or k.created_by = :creator
				order by u.hour, g.name, u.group_id, k.name, u.key_id
				""")
			.filter(statement -> statement.fetchSize(fetchSize))
			.bind("tenantId", tenantId)
			.bind("creator", SqlParameters.nullable(creator, UUID.class))
			.bind("from", range.from())
			.bind("to", range.to())
			.bind("fromDay", range.from().atOffset(java.time.ZoneOffset.UTC).toLocalDate())
			.bind("toDay", range.to().atOffset(java.time.ZoneOffset.UTC).toLocalDate())
			.map(row -> new UsageExportRow(row.get("hour", Instant.class), row.get("group_id", UUID.class),
					row.get("group_name", String.class), row.get("key_id", UUID.class),
					row.get("key_name", String.class), row.get("requests", Long.class),
					row.get("input_tokens", Long.class), row.get("output_tokens", Long.class),
					row.get("cost", BigDecimal.class)))
			.all();
	}

	private static <T> T[] column(List<UsageRecord> records, Function<UsageRecord, T> value, IntFunction<T[]> array) {
		return records.stream().map(value).toArray(array);
	}

}
