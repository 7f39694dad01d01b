package com.gahorouter.console.tenant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Money;
import com.gahorouter.console.system.Secrets;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code tenants}. The balance is written only by the ledger's append, the region
 * only by the version-guarded region change. Writes join the caller's transaction.
 */
@Repository
class TenantRepository {

	private static final String COLUMNS = "id, name, region, contact_name, contact_phone, balance, created_at, version";

	private final DatabaseClient db;

	TenantRepository(DatabaseClient db) {
		this.db = db;
	}

	/** Inserts a tenant with a zero balance. */
	Mono<Tenant> insert(NewTenant tenant) {
		return db.sql("""
				insert into tenants (id, name, region, contact_name, contact_phone)
				values (:id, :name, :region, :contactName, :contactPhone)
				returning %s
				""".formatted(COLUMNS))
			.bind("id", Secrets.newId())
			.bind("name", tenant.name())
			.bind("region", tenant.region().name())
			.bind("contactName", tenant.contactName())
			.bind("contactPhone", tenant.contactPhone())
			.map(TenantRepository::toTenant)
			.one();
	}

	Mono<Tenant> find(UUID id) {
		return db.sql("""
				select %s from tenants where id = :id
				""".formatted(COLUMNS)).bind("id", id).map(TenantRepository::toTenant).one();
	}

	/**
	 * Tenants newest first (ties by id, so pages neither overlap nor skip), with their
	 * number of users.
	 */
	Flux<TenantOverview> findOverviews(int limit, long offset) {
		return db.sql("""
				select t.id, t.name, t.region, t.balance, t.created_at,
				       (select count(*) from users u where u.tenant_id = t.id) as member_count
				from tenants t order by t.created_at desc, t.id limit :limit offset :offset
				""").bind("limit", limit).bind("offset", offset).map(TenantRepository::toOverview).all();
	}

	/**
	 * Locks the tenant's row until the caller's transaction ends ({@code for no key
	 * update}: inserts referencing the tenant still proceed), so that a quota's count and
	 * the insert after it are not raced by the same tenant's other requests.
	 */
	Mono<Void> lockForQuota(UUID id) {
		return db.sql("""
				select id from tenants where id = :id for no key update
				""").bind("id", id).fetch().rowsUpdated().then();
	}

	Mono<Long> count() {
		return db.sql("""
				select count(*) from tenants
				""").map(row -> row.get(0, Long.class)).one();
	}

	private static Tenant toTenant(Readable row) {
		return new Tenant(row.get("id", UUID.class), row.get("name", String.class),
				Region.valueOf(row.get("region", String.class)), row.get("contact_name", String.class),
				row.get("contact_phone", String.class), row.get("balance", BigDecimal.class),
				row.get("created_at", Instant.class), row.get("version", Long.class));
	}

	private static TenantOverview toOverview(Readable row) {
		return new TenantOverview(row.get("id", UUID.class), row.get("name", String.class),
				Region.valueOf(row.get("region", String.class)), Money.format(row.get("balance", BigDecimal.class)),
				row.get("member_count", Long.class), row.get("created_at", Instant.class));
	}

}
