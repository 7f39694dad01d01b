package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.system.SqlParameters;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/** SQL of {@code top_up_orders}. Writes join the caller's transaction. */
@Repository
class TopUpRepository {

	private static final String COLUMNS = "id, tenant_id, amount, provider, status, provider_reference, payment_url, created_at, paid_at";

	private final DatabaseClient db;

	TopUpRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Inserts a {@code PENDING} order. */
	Mono<TopUpOrder> insertPending(UUID tenantId, BigDecimal amount, String provider) {
		return db.sql("""
				insert into top_up_orders (id, tenant_id, amount, provider)
				values (:id, :tenantId, :amount, :provider)
				returning %s
				""".formatted(COLUMNS))
			.bind("id", Secrets.newId())
			.bind("tenantId", tenantId)
			.bind("amount", amount)
			.bind("provider", provider)
			.map(TopUpRepository::toOrder)
			.one();
	}

	/** Stores the provider's answer: its reference and, if any, the payment page. */
	Mono<TopUpOrder> recordProviderOrder(UUID orderId, ProviderOrder created) {
		return db.sql("""
				update top_up_orders set provider_reference = :reference, payment_url = :paymentUrl
				where id = :id
				returning %s
				""".formatted(COLUMNS))
			.bind("id", orderId)
			.bind("reference", created.reference())
			.bind("paymentUrl", SqlParameters.nullable(created.paymentUrl(), String.class))
			.map(TopUpRepository::toOrder)
			.one();
	}

	/**
	 * Moves the order from {@code PENDING} to {@code outcome} (stamping {@code paid_at}
	 * when paid), guarded by its status: empty when it is not a pending order of this
	 * provider. A concurrent settle waits for the row lock and then finds it no longer
	 * pending.
	 */
	Mono<TopUpOrder> settlePending(UUID orderId, String provider, TopUpStatus outcome) {
		return db.sql("""
				update top_up_orders set status = :status, paid_at = case when :status = 'PAID' then now() end
				where id = :id and provider = :provider and status = 'PENDING'
				returning %s
				""".formatted(COLUMNS))
			.bind("id", orderId)
			.bind("provider", provider)
			.bind("status", outcome.name())
			.map(TopUpRepository::toOrder)
			.one();
	}

	/** The order of this provider; empty for an unknown one or another provider's. */
	Mono<TopUpOrder> find(UUID orderId, String provider) {
		return db.sql("""
				select %s from top_up_orders where id = :id and provider = :provider
				""".formatted(COLUMNS))
			.bind("id", orderId)
			.bind("provider", provider)
			.map(TopUpRepository::toOrder)
			.one();
	}

	private static TopUpOrder toOrder(Readable row) {
		return new TopUpOrder(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("amount", BigDecimal.class), row.get("provider", String.class),
				TopUpStatus.valueOf(row.get("status", String.class)), row.get("provider_reference", String.class),
				row.get("payment_url", String.class), row.get("created_at", Instant.class),
				row.get("paid_at", Instant.class));
	}

}
