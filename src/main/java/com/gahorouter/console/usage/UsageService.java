package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.apikey.ApiKey;
import com.gahorouter.console.apikey.ApiKeyService;
import com.gahorouter.console.billing.Ledger;
import com.gahorouter.console.billing.LedgerKind;
import com.gahorouter.console.catalog.CatalogService;
import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.system.ApiException;

import reactor.core.publisher.Mono;

/**
 * Usage the gateway reports. Each report is charged once, whatever is replayed: its
 * {@code requestId} is unique in the database, and the record, the {@code USAGE} ledger
 * entry ({@code baseCost × rateMultiplier} of the admitting group) and the hourly and
 * daily rollups ({@code usage_hourly}, {@code usage_daily}, read by
 * {@link UsageStatistics}) are written in one transaction. A call admitted under old
 * rules is charged even if its key was unbound or its group left the tenant's region
 * since.
 */
@Service
public class UsageService {

	static final int COST_SCALE = 6;

	private final DatabaseClient db;

	private final ApiKeyService keys;

	private final CatalogService catalog;

	private final Ledger ledger;

	private final TransactionalOperator transaction;

	public UsageService(DatabaseClient db, ApiKeyService keys, CatalogService catalog, Ledger ledger,
			TransactionalOperator transaction) {
		this.db = db;
		this.keys = keys;
		this.catalog = catalog;
		this.ledger = ledger;
		this.transaction = transaction;
	}

	/**
	 * Records and charges the report; completes without charging again when it was
	 * recorded before.
	 */
	public Mono<Void> record(UsageReport report) {
		return keys.find(report.keyId())
			.switchIfEmpty(Mono.error(() -> ApiException.validation("keyId", "is not a known key")))
			.flatMap(key -> admittingGroup(report, key).flatMap(group -> charge(report, key, group)));
	}

	private Mono<ModelGroup> admittingGroup(UsageReport report, ApiKey key) {
		UUID groupId = report.groupId() != null ? report.groupId() : key.groupId();
		if (groupId == null) {
			return Mono.error(ApiException.validation("groupId", "is required: the key has no group now"));
		}
		return catalog.find(groupId)
			.switchIfEmpty(Mono.error(() -> ApiException.validation("groupId", "is not a known model group")));
	}

	private Mono<Void> charge(UsageReport report, ApiKey key, ModelGroup group) {
		BigDecimal cost = report.baseCost().multiply(group.rateMultiplier()).setScale(COST_SCALE, RoundingMode.HALF_UP);
		Instant occurredAt = report.occurredAt() != null ? report.occurredAt() : Instant.now();
		return db
			.sql("insert into usage_records (request_id, tenant_id, key_id, group_id, input_tokens, "
					+ "output_tokens, base_cost, cost, occurred_at) values (:requestId, :tenantId, :keyId, :groupId, "
					+ ":inputTokens, :outputTokens, :baseCost, :cost, :occurredAt) "
					+ "on conflict (request_id) do nothing returning id")
			.bind("requestId", report.requestId())
			.bind("tenantId", key.tenantId())
			.bind("keyId", key.id())
			.bind("groupId", group.id())
			.bind("inputTokens", report.inputTokens())
			.bind("outputTokens", report.outputTokens())
			.bind("baseCost", report.baseCost())
			.bind("cost", cost)
			.bind("occurredAt", occurredAt)
			.map(row -> row.get("id", Long.class))
			.one()
			// Empty: this request id was recorded before (a replay, perhaps concurrent):
			// nothing more to do.
			.flatMap(recorded -> ledger.append(key.tenantId(), LedgerKind.USAGE, cost.negate(), report.requestId())
				.then(rollUp(key.tenantId(), group.id(), occurredAt, report, cost)))
			.as(transaction::transactional);
	}

	private Mono<Void> rollUp(UUID tenantId, UUID groupId, Instant occurredAt, UsageReport report, BigDecimal cost) {
		// One statement for both rollups; the ledger append before it holds the tenant's
		// row lock, so rollups of one
		// tenant never interleave (no deadlock between the hourly and the daily row).
		return db
			.sql("with hourly as (insert into usage_hourly (tenant_id, group_id, hour, requests, input_tokens, "
					+ "output_tokens, cost) values (:tenantId, :groupId, date_trunc('hour', :occurredAt, 'UTC'), 1, "
					+ ":inputTokens, :outputTokens, :cost) on conflict (tenant_id, hour, group_id) do update set "
					+ "requests = usage_hourly.requests + 1, "
					+ "input_tokens = usage_hourly.input_tokens + excluded.input_tokens, "
					+ "output_tokens = usage_hourly.output_tokens + excluded.output_tokens, "
					+ "cost = usage_hourly.cost + excluded.cost) "
					+ "insert into usage_daily (tenant_id, group_id, day, requests, input_tokens, output_tokens, cost) "
					+ "values (:tenantId, :groupId, date_trunc('day', :occurredAt, 'UTC'), 1, :inputTokens, "
					+ ":outputTokens, :cost) on conflict (tenant_id, day, group_id) do update set "
					+ "requests = usage_daily.requests + 1, "
					+ "input_tokens = usage_daily.input_tokens + excluded.input_tokens, "
					+ "output_tokens = usage_daily.output_tokens + excluded.output_tokens, "
					+ "cost = usage_daily.cost + excluded.cost")
			.bind("tenantId", tenantId)
			.bind("groupId", groupId)
			.bind("occurredAt", occurredAt)
			.bind("inputTokens", report.inputTokens())
			.bind("outputTokens", report.outputTokens())
			.bind("cost", cost)
			.then();
	}

}
