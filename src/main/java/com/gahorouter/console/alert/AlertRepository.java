package com.gahorouter.console.alert;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.SqlParameters;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of alerts: {@code alert_settings} and the outbox {@code alert_deliveries}. Writes
 * join the caller's transaction, except the poller's claim and outcome, which are single
 * statements. Reads the tenant's balance column to arm a new threshold (the ledger keeps
 * it; the row lock orders the read after any charge in flight).
 */
@Repository
class AlertRepository {

	private static final String DELIVERY_COLUMNS = """
			id, tenant_id, type, key_id, threshold, value, channel, recipient, status, attempts, occurred_at,
			created_at, delivered_at""";

	private final DatabaseClient db;

	AlertRepository(DatabaseClient db) {
		this.db = db;
	}

	/** The tenant's stored settings; empty when it never set any. */
	Mono<StoredSettings> find(UUID tenantId) {
		return db.sql("""
				select low_balance_threshold, key_budget_thresholds, webhook_url, webhook_secret
				from alert_settings where tenant_id = :tenantId
				""").bind("tenantId", tenantId).map(AlertRepository::toSettings).one();
	}

	/**
	 * Replaces the tenant's settings; the low-balance alert is armed when the balance is
	 * above the new threshold.
	 */
	Mono<Void> save(UUID tenantId, StoredSettings settings) {
		return db.sql("""
				insert into alert_settings (tenant_id, low_balance_threshold, key_budget_thresholds, webhook_url,
				                            webhook_secret, low_balance_armed, updated_at)
				select t.id, :threshold, :percents, :url, :secret,
				       coalesce(t.balance > cast(:threshold as numeric), true), now()
				from tenants t where t.id = :tenantId
				for update of t
				on conflict (tenant_id) do update set
				    low_balance_threshold = excluded.low_balance_threshold,
				    key_budget_thresholds = excluded.key_budget_thresholds,
				    webhook_url = excluded.webhook_url,
				    webhook_secret = excluded.webhook_secret,
				    low_balance_armed = excluded.low_balance_armed,
				    updated_at = excluded.updated_at
				""")
			.bind("tenantId", tenantId)
			.bind("threshold", SqlParameters.nullable(settings.lowBalanceThreshold(), BigDecimal.class))
			.bind("percents", settings.keyBudgetThresholds().toArray(Integer[]::new))
			.bind("url", SqlParameters.nullable(settings.webhookUrl(), String.class))
			.bind("secret", SqlParameters.nullable(settings.webhookSecret(), String.class))
			.then();
	}

	/**
	 * Arms or disarms the low-balance alert of tenants whose balance moved to
	 * {@code balances}; answers the tenants whose alert fired (disarmed now: the balance
	 * went from above the threshold to at or below it).
	 */
	Flux<Crossing> balancesMoved(Map<UUID, BigDecimal> balances) {
		UUID[] tenants = balances.keySet().toArray(UUID[]::new);
		BigDecimal[] values = Arrays.stream(tenants).map(balances::get).toArray(BigDecimal[]::new);
		return db.sql("""
				update alert_settings s
				set low_balance_armed = m.balance > s.low_balance_threshold
				from unnest(cast(:tenantIds as uuid[]), cast(:balances as numeric[])) as m(tenant_id, balance)
				where s.tenant_id = m.tenant_id
				  and s.low_balance_threshold is not null
				  and s.low_balance_armed <> (m.balance > s.low_balance_threshold)
				returning s.tenant_id, s.low_balance_threshold, m.balance, s.low_balance_armed, s.webhook_url
				""")
			.bind("tenantIds", tenants)
			.bind("balances", values)
			.map(row -> new Crossing(row.get("tenant_id", UUID.class),
					row.get("low_balance_threshold", BigDecimal.class), row.get("balance", BigDecimal.class),
					row.get("low_balance_armed", Boolean.class), row.get("webhook_url", String.class)))
			.all()
			.filter(crossing -> !crossing.armedNow());
	}

	/**
	 * The key-budget percentages each move crossed upwards (from below {@code percent} %
	 * of its limit to at or above it), of tenants that set any, with the webhook URL to
	 * deliver to; one statement whatever the number of moves, nothing for tenants without
	 * alert settings.
	 */
	Flux<KeyBudgetCrossing> keyBudgetCrossings(List<KeySpendMove> moves) {
		return db.sql("""
				select m.tenant_id, m.key_id, t.percent, m.spent_after, s.webhook_url
				from unnest(cast(:tenantIds as uuid[]), cast(:keyIds as uuid[]), cast(:limits as numeric[]),
				            cast(:before as numeric[]), cast(:after as numeric[]))
				     as m(tenant_id, key_id, spend_limit, spent_before, spent_after)
				join alert_settings s on s.tenant_id = m.tenant_id
				cross join lateral unnest(s.key_budget_thresholds) as t(percent)
				where m.spent_before < m.spend_limit * t.percent / 100
				  and m.spent_after >= m.spend_limit * t.percent / 100
				order by m.key_id, t.percent
				""")
			.bind("tenantIds", moves.stream().map(KeySpendMove::tenantId).toArray(UUID[]::new))
			.bind("keyIds", moves.stream().map(KeySpendMove::keyId).toArray(UUID[]::new))
			.bind("limits", moves.stream().map(KeySpendMove::spendLimit).toArray(BigDecimal[]::new))
			.bind("before", moves.stream().map(KeySpendMove::spentBefore).toArray(BigDecimal[]::new))
			.bind("after", moves.stream().map(KeySpendMove::spentAfter).toArray(BigDecimal[]::new))
			.map(row -> new KeyBudgetCrossing(row.get("tenant_id", UUID.class), row.get("key_id", UUID.class),
					row.get("percent", Integer.class), row.get("spent_after", BigDecimal.class),
					row.get("webhook_url", String.class)))
			.all();
	}

	/**
	 * Writes the deliveries to the outbox in one statement, in their order (their
	 * {@code seq}); joins the caller's transaction.
	 */
	Mono<Void> insertDeliveries(List<NewDelivery> deliveries) {
		if (deliveries.isEmpty()) {
			return Mono.empty();
		}
		return db.sql("""
				insert into alert_deliveries (id, tenant_id, type, key_id, threshold, value, channel, recipient)
				select id, tenant_id, type, key_id, threshold, value, channel, recipient
				from unnest(cast(:ids as uuid[]), cast(:tenantIds as uuid[]), cast(:types as varchar[]),
				            cast(:keyIds as uuid[]), cast(:thresholds as numeric[]), cast(:values as numeric[]),
				            cast(:channels as varchar[]), cast(:recipients as text[])) with ordinality
				     as d(id, tenant_id, type, key_id, threshold, value, channel, recipient, n)
				order by n
				""")
			.bind("ids", deliveries.stream().map(NewDelivery::id).toArray(UUID[]::new))
			.bind("tenantIds", deliveries.stream().map(NewDelivery::tenantId).toArray(UUID[]::new))
			.bind("types", deliveries.stream().map(d -> d.type().name()).toArray(String[]::new))
			.bind("keyIds", deliveries.stream().map(NewDelivery::keyId).toArray(UUID[]::new))
			.bind("thresholds", deliveries.stream().map(NewDelivery::threshold).toArray(BigDecimal[]::new))
			.bind("values", deliveries.stream().map(NewDelivery::value).toArray(BigDecimal[]::new))
			.bind("channels", deliveries.stream().map(d -> d.channel().name()).toArray(String[]::new))
			.bind("recipients", deliveries.stream().map(NewDelivery::recipient).toArray(String[]::new))
			.then();
	}

	/**
	 * Claims up to {@code limit} due deliveries for {@code leaseSeconds} and counts the
	 * attempt: rows another replica is claiming are skipped, not waited for.
	 */
	Flux<AlertDelivery> claimDue(int limit, double leaseSeconds) {
		return db.sql("""
				update alert_deliveries
				set next_attempt_at = now() + cast(:lease as double precision) * interval '1 second',
				    attempts = attempts + 1
				where id in (select id from alert_deliveries
				             where status = 'PENDING' and next_attempt_at <= now()
				             order by next_attempt_at
				             limit :limit
				             for update skip locked)
				returning %s
				""".formatted(DELIVERY_COLUMNS))
			.bind("lease", leaseSeconds)
			.bind("limit", limit)
			.map(AlertRepository::toDelivery)
			.all();
	}

	Mono<Void> markDelivered(UUID id) {
		return db.sql("""
				update alert_deliveries set status = 'DELIVERED', delivered_at = now(), last_error = null
				where id = :id and status = 'PENDING'
				""").bind("id", id).then();
	}

	/**
	 * Records a failed attempt: the next one at {@code nextAttemptAt}, or {@code FAILED}
	 * when that is past {@code retryForSeconds} after the crossing.
	 */
	Mono<Void> markAttemptFailed(UUID id, String error, Instant nextAttemptAt, double retryForSeconds) {
		return db.sql("""
				update alert_deliveries
				set last_error = :error, next_attempt_at = :next,
				    status = case when created_at + cast(:retryFor as double precision) * interval '1 second' <= :next
				                  then 'FAILED' else 'PENDING' end
				where id = :id and status = 'PENDING'
				""")
			.bind("id", id)
			.bind("error", error)
			.bind("next", nextAttemptAt)
			.bind("retryFor", retryForSeconds)
			.then();
	}

	/** A page of the tenant's deliveries, newest first. */
	Flux<AlertDelivery> findDeliveries(UUID tenantId, int limit, UUID before) {
		return db.sql("""
				select %s from alert_deliveries
				where tenant_id = :tenantId
				  and (cast(:before as uuid) is null
				       or seq < (select b.seq from alert_deliveries b where b.id = :before and b.tenant_id = :tenantId))
				order by seq desc
				limit :limit
				""".formatted(DELIVERY_COLUMNS))
			.bind("tenantId", tenantId)
			.bind("before", SqlParameters.nullable(before, UUID.class))
			.bind("limit", limit)
			.map(AlertRepository::toDelivery)
			.all();
	}

	private static StoredSettings toSettings(Readable row) {
		Integer[] percents = row.get("key_budget_thresholds", Integer[].class);
		return new StoredSettings(row.get("low_balance_threshold", BigDecimal.class),
				percents == null ? List.of() : List.of(percents), row.get("webhook_url", String.class),
				row.get("webhook_secret", String.class));
	}

	private static AlertDelivery toDelivery(Readable row) {
		return new AlertDelivery(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				AlertType.valueOf(row.get("type", String.class)), row.get("key_id", UUID.class),
				row.get("threshold", BigDecimal.class), row.get("value", BigDecimal.class),
				AlertChannel.valueOf(row.get("channel", String.class)), row.get("recipient", String.class),
				row.get("status", String.class), row.get("attempts", Integer.class),
				row.get("occurred_at", Instant.class), row.get("created_at", Instant.class),
				row.get("delivered_at", Instant.class));
	}

	/** The settings as stored; the secret never leaves this package except once. */
	record StoredSettings(BigDecimal lowBalanceThreshold, List<Integer> keyBudgetThresholds, String webhookUrl,
			String webhookSecret) {

		static final StoredSettings NONE = new StoredSettings(null, List.of(), null, null);

	}

	/** A key-budget percentage a key's spend crossed. */
	record KeyBudgetCrossing(UUID tenantId, UUID keyId, int percent, BigDecimal spent, String webhookUrl) {
	}

	/**
	 * One outbox row to write.
	 *
	 * @param keyId null unless {@code KEY_BUDGET}
	 */
	record NewDelivery(UUID id, UUID tenantId, AlertType type, UUID keyId, BigDecimal threshold, BigDecimal value,
			AlertChannel channel, String recipient) {
	}

	/** A tenant whose low-balance alert fired (or re-armed, {@code armedNow}). */
	record Crossing(UUID tenantId, BigDecimal threshold, BigDecimal balance, boolean armedNow, String webhookUrl) {
	}

}
