package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Secrets;

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
