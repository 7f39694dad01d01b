package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Money;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.system.SqlParameters;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code ledger_entries} and of the balance on {@code tenants} it sums. Entries
 * are only ever inserted (the database refuses updates and deletes); writes join the
 * caller's transaction.
 */
@Repository
class LedgerRepository {

	private static final String COLUMNS = "id, seq, tenant_id, kind, amount, balance_after, reference, created_at";

	private final DatabaseClient db;

	LedgerRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Moves the tenant's balance and inserts the entry in one statement: the update takes
	 * the tenant's row lock and the entry's {@code seq} is drawn after it, so appends on
	 * one tenant form one running sum. Empty when the tenant does not exist.
	 */
	Mono<LedgerEntry> append(UUID tenantId, LedgerKind kind, BigDecimal amount, String reference) {
		return db.sql("""
				with moved as (update tenants set balance = balance + :amount where id = :tenantId returning balance)
				insert into ledger_entries (id, tenant_id, kind, amount, balance_after, reference)
				select :id, :tenantId, :kind, :amount, balance, :reference from moved
				returning %s
				""".formatted(COLUMNS))
			.bind("id", Secrets.newId())
			.bind("tenantId", tenantId)
			.bind("kind", kind.name())
			.bind("amount", amount)
			.bind("reference", reference)
			.map(LedgerRepository::toEntry)
			.one();
	}

	/**
	 * Locks the tenants' rows in id order and answers their balances before a usage
	 * window. {@code no key update}, like the {@code update} of {@link #append}: it does
	 * not wait for the key-share locks that the usage records' foreign keys take on the
	 * tenant.
	 */
	Mono<Map<UUID, BigDecimal>> lockBalances(Collection<UUID> tenantIds) {
		return db.sql("select id, balance from tenants where id = any(:tenantIds) order by id for no key update")
			.bind("tenantIds", SqlParameters.uuidArray(tenantIds))
			.map(row -> Map.entry(row.get("id", UUID.class), row.get("balance", BigDecimal.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

	/** Moves each tenant's balance by its amount, in one statement. */
	Mono<Void> moveBalances(Map<UUID, BigDecimal> amounts) {
		List<UUID> ids = List.copyOf(amounts.keySet());
		return db.sql("""
				update tenants t set balance = t.balance + d.amount
				from unnest(:tenantIds, cast(:amounts as numeric[])) as d(tenant_id, amount)
				where t.id = d.tenant_id
				""")
			.bind("tenantIds", SqlParameters.uuidArray(ids))
			.bind("amounts", ids.stream().map(amounts::get).toArray(BigDecimal[]::new))
			.then();
	}

	/**
	 * Inserts one {@code USAGE} entry per charge in the given order, so that {@code seq}
	 * follows the running sum of {@code balancesAfter}.
	 */
	Mono<Void> appendUsage(List<UsageCharge> charges, List<BigDecimal> balancesAfter) {
		return db.sql("""
				insert into ledger_entries (id, tenant_id, kind, amount, balance_after, reference)
				select e.id, e.tenant_id, 'USAGE', e.amount, e.balance_after, e.reference
				from unnest(:ids, :tenantIds, cast(:amounts as numeric[]), cast(:balancesAfter as numeric[]),
				            cast(:references as text[]))
				     with ordinality as e(id, tenant_id, amount, balance_after, reference, position)
				order by e.position
				""")
			.bind("ids", charges.stream().map(charge -> Secrets.newId()).toArray(UUID[]::new))
			.bind("tenantIds", charges.stream().map(UsageCharge::tenantId).toArray(UUID[]::new))
			.bind("amounts",
					charges.stream().map(charge -> charge.amount().setScale(Money.SCALE)).toArray(BigDecimal[]::new))
			.bind("balancesAfter", balancesAfter.toArray(BigDecimal[]::new))
			.bind("references", charges.stream().map(UsageCharge::reference).toArray(String[]::new))
			.then();
	}

	/** The tenant's newest {@code limit} entries, newest first. */
	Flux<LedgerEntry> findNewest(UUID tenantId, int limit) {
		return db.sql("""
				select %s from ledger_entries where tenant_id = :tenantId
				order by seq desc limit :limit
				""".formatted(COLUMNS))
			.bind("tenantId", tenantId)
			.bind("limit", limit)
			.map(LedgerRepository::toEntry)
			.all();
	}

	/** The tenant's {@code limit} entries before {@code seq}, newest first. */
	Flux<LedgerEntry> findBefore(UUID tenantId, long seq, int limit) {
		return db.sql("""
				select %s from ledger_entries where tenant_id = :tenantId and seq < :seq
				order by seq desc limit :limit
				""".formatted(COLUMNS))
			.bind("tenantId", tenantId)
			.bind("seq", seq)
			.bind("limit", limit)
			.map(LedgerRepository::toEntry)
			.all();
	}

	/** The {@code seq} of one of the tenant's entries; empty for any other id. */
	Mono<Long> findSequence(UUID tenantId, UUID entryId) {
		return db.sql("""
				select seq from ledger_entries where id = :id and tenant_id = :tenantId
				""").bind("id", entryId).bind("tenantId", tenantId).map(row -> row.get("seq", Long.class)).one();
	}

	private static LedgerEntry toEntry(Readable row) {
		return new LedgerEntry(row.get("id", UUID.class), row.get("seq", Long.class), row.get("tenant_id", UUID.class),
				LedgerKind.valueOf(row.get("kind", String.class)), row.get("amount", BigDecimal.class),
				row.get("balance_after", BigDecimal.class), row.get("reference", String.class),
				row.get("created_at", Instant.class));
	}

}
