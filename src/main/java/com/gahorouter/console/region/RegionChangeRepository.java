package com.gahorouter.console.region;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.SqlParameters;
import com.gahorouter.console.tenant.Region;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of the region change: the version-guarded update of the tenant's region and the
 * audit trail ({@code region_changes}). Writes join the caller's transaction.
 * <p>
 * The tenant update lives here rather than in {@code TenantService} because the region
 * change is its only writer, and the version guard is this feature's rule.
 */
@Repository
class RegionChangeRepository {

	private final DatabaseClient db;

	RegionChangeRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Moves the tenant to {@code target} if its version is still {@code version} (and
	 * advances the version); false when another change came first.
	 */
	Mono<Boolean> updateRegion(UUID tenantId, long version, Region target) {
		return db.sql("""
				update tenants set region = :target, version = version + 1
				where id = :id and version = :version
				""")
			.bind("target", target.name())
			.bind("id", tenantId)
			.bind("version", version)
			.fetch()
			.rowsUpdated()
			.map(updated -> updated == 1);
	}

	/** Appends one entry to the audit trail. */
	Mono<Void> insert(UUID id, UUID tenantId, UUID changedBy, Region from, Region to, boolean complianceAcknowledged,
			List<UUID> unboundKeys, Instant changedAt) {
		return db.sql("""
				insert into region_changes (id, tenant_id, changed_by, from_region, to_region,
				                            compliance_acknowledged, unbound_keys, changed_at)
				values (:id, :tenantId, :changedBy, :from, :to, :acknowledged, :unbound, :changedAt)
				""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("changedBy", changedBy)
			.bind("from", from.name())
			.bind("to", to.name())
			.bind("acknowledged", complianceAcknowledged)
			.bind("unbound", SqlParameters.uuidArray(unboundKeys))
			.bind("changedAt", changedAt)
			.then();
	}

	/**
	 * The tenant's audit trail, newest first, with the email of who changed it (if that
	 * account still exists).
	 */
	Flux<RegionChangeRecord> findByTenant(UUID tenantId) {
		return db.sql("""
				select c.id, c.from_region, c.to_region, c.compliance_acknowledged, c.unbound_keys, c.changed_at,
				       c.changed_by, u.email
				from region_changes c
				left join users u on u.id = c.changed_by
				where c.tenant_id = :tenantId
				order by c.changed_at desc, c.id
				""").bind("tenantId", tenantId).map(RegionChangeRepository::toRecord).all();
	}

	private static RegionChangeRecord toRecord(Readable row) {
		UUID changedBy = row.get("changed_by", UUID.class);
		return new RegionChangeRecord(row.get("id", UUID.class), Region.valueOf(row.get("from_region", String.class)),
				Region.valueOf(row.get("to_region", String.class)),
				changedBy == null ? null : new RegionChangeRecord.ChangedBy(changedBy, row.get("email", String.class)),
				row.get("compliance_acknowledged", Boolean.class), SqlParameters.uuidList(row, "unbound_keys"),
				row.get("changed_at", Instant.class));
	}

}
