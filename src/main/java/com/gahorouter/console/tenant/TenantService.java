package com.gahorouter.console.tenant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import com.gahorouter.console.auth.SignInTenants;
import com.gahorouter.console.system.Money;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.system.ApiException;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tenants: created by registration, read by every page that shows one. Other features
 * read tenants only through this service.
 */
@Service
public class TenantService implements SignInTenants {

	private static final String COLUMNS = "id, name, region, contact_name, contact_phone, balance, created_at, version";

	private final DatabaseClient db;

	public TenantService(DatabaseClient db) {
		this.db = db;
	}

	/** Inserts a tenant with a zero balance; joins the caller's transaction. */
	public Mono<Tenant> create(NewTenant tenant) {
		return db
			.sql("insert into tenants (id, name, region, contact_name, contact_phone) "
					+ "values (:id, :name, :region, :contactName, :contactPhone) returning " + COLUMNS)
			.bind("id", Secrets.newId())
			.bind("name", tenant.name())
			.bind("region", tenant.region().name())
			.bind("contactName", tenant.contactName())
			.bind("contactPhone", tenant.contactPhone())
			.map(TenantService::toTenant)
			.one();
	}

	/** The tenant, or {@code NOT_FOUND}. */
	public Mono<Tenant> find(UUID id) {
		return db.sql("select " + COLUMNS + " from tenants where id = :id")
			.bind("id", id)
			.map(TenantService::toTenant)
			.one()
			.switchIfEmpty(Mono.error(ApiException::notFound));
	}

	@Override
	public Mono<TenantSummary> signInTenant(UUID tenantId) {
		return find(tenantId).map(TenantSummary::of);
	}

	/**
	 * {@code GET /api/tenant} for a user of the tenant; only its admin may change the
	 * region.
	 */
	public Mono<TenantDetails> details(UUID tenantId, boolean isTenantAdmin) {
		return find(tenantId).map(tenant -> TenantDetails.of(tenant, isTenantAdmin));
	}

	/**
	 * One page of every tenant, newest first (ties by id, so pages neither overlap nor
	 * skip), with its number of users (the admin and the members).
	 * @param page zero-based page number
	 * @param size entries per page
	 */
	public Flux<TenantOverview> page(int page, int size) {
		return db
			.sql("select t.id, t.name, t.region, t.balance, t.created_at, "
					+ "(select count(*) from users u where u.tenant_id = t.id) as member_count "
					+ "from tenants t order by t.created_at desc, t.id limit :limit offset :offset")
			.bind("limit", size)
			.bind("offset", (long) page * size)
			.map(row -> new TenantOverview(row.get("id", UUID.class), row.get("name", String.class),
					Region.valueOf(row.get("region", String.class)), Money.format(row.get("balance", BigDecimal.class)),
					row.get("member_count", Long.class), row.get("created_at", Instant.class)))
			.all();
	}

	/** How many tenants there are. */
	public Mono<Long> count() {
		return db.sql("select count(*) from tenants").map(row -> row.get(0, Long.class)).one();
	}

	static Tenant toTenant(Readable row) {
		return new Tenant(row.get("id", UUID.class), row.get("name", String.class),
				Region.valueOf(row.get("region", String.class)), row.get("contact_name", String.class),
				row.get("contact_phone", String.class), row.get("balance", BigDecimal.class),
				row.get("created_at", Instant.class), row.get("version", Long.class));
	}

}
