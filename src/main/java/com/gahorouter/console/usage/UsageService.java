package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

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

	private static final int COST_SCALE = 6;

	private final UsageRepository usage;

	private final ApiKeyService keys;

	private final CatalogService catalog;

	private final Ledger ledger;

	private final TransactionalOperator transaction;

	UsageService(UsageRepository usage, ApiKeyService keys, CatalogService catalog, Ledger ledger,
			TransactionalOperator transaction) {
		this.usage = usage;
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
		UsageRecord record = new UsageRecord(report.requestId(), key.tenantId(), key.id(), group.id(),
				report.inputTokens(), report.outputTokens(), report.baseCost(), cost, occurredAt);
		return usage.insertRecord(record)
			// Empty: this request id was recorded before (a replay, perhaps concurrent):
			// nothing more to do. The ledger append takes the tenant's row lock before
			// the rollups (see UsageRepository#rollUp).
			.flatMap(recorded -> ledger.append(key.tenantId(), LedgerKind.USAGE, cost.negate(), report.requestId())
				.then(usage.rollUp(record)))
			.as(transaction::transactional);
	}

}
