package com.gahorouter.console.catalog;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.tenant.Region;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * SQL of {@code model_groups} and {@code tenant_group_access}. Writes join the caller's
 * transaction.
 */
@Repository
class ModelGroupRepository {

	/** The columns {@link #toGroup} reads. */
	private static final String COLUMNS = """
			id, name, platform, rate_multiplier, service_region, visibility, status, models, created_at, updated_at,
			version
			""";

	private static final String SELECT = "select " + COLUMNS + "from model_groups\n";

	private static final String INSERT = """
			insert into model_groups (id, name, platform, rate_multiplier, service_region, visibility, status, models)
			values (:id, :name, :platform, :rateMultiplier, :serviceRegion, :visibility, :status, :models)
			""";

	private final DatabaseClient db;

	ModelGroupRepository(DatabaseClient db) {
		this.db = db;
	}

	Flux<ModelGroup> findAll() {
		return db.sql(SELECT + """
				order by lower(name), name
				""").map(ModelGroupRepository::toGroup).all();
	}

	/**
	 * Every group that is not {@code DISABLED}: the one query behind a region catalog.
	 */
	Flux<ModelGroup> findNotDisabled() {
		return db.sql(SELECT + """
				where status <> 'DISABLED'
				""").map(ModelGroupRepository::toGroup).all();
	}

	Mono<ModelGroup> find(UUID id) {
		return db.sql(SELECT + """
				where id = :id
				""").bind("id", id).map(ModelGroupRepository::toGroup).one();
	}

	Mono<Boolean> exists(UUID id) {
		return db.sql("""
				select 1 from model_groups where id = :id
				""").bind("id", id).map(row -> true).one().defaultIfEmpty(false);
	}

	Mono<Long> count() {
		return db.sql("""
				select count(*) from model_groups
				""").map(row -> row.get(0, Long.class)).one();
	}

	/**
	 * Inserts the group; a name taken (whatever its case) fails with
	 * {@code DuplicateKeyException}.
	 */
	Mono<ModelGroup> insert(ModelGroupRequest group) {
		return bindGroup(db.sql(INSERT + "returning " + COLUMNS), Secrets.newId(), group)
			.map(ModelGroupRepository::toGroup)
			.one();
	}

	/**
	 * Inserts the group unless one with its name exists (start-up seeding, safe when
	 * replicas race).
	 */
	Mono<Void> insertIfNameFree(ModelGroupRequest group) {
		return bindGroup(db.sql(INSERT + """
				on conflict do nothing
				"""), Secrets.newId(), group).then();
	}

	/** Replaces the group's fields; empty when there is no such group. */
	Mono<ModelGroup> update(UUID id, ModelGroupRequest group) {
		return bindGroup(db.sql("""
				update model_groups
				set name = :name, platform = :platform, rate_multiplier = :rateMultiplier,
				    service_region = :serviceRegion, visibility = :visibility, status = :status, models = :models,
				    updated_at = now(), version = version + 1
				where id = :id
				returning
				""" + COLUMNS), id, group).map(ModelGroupRepository::toGroup).one();
	}

	/**
	 * The tenant's overrides by group id; groups without one are absent (their default
	 * applies).
	 */
	Mono<Map<UUID, GroupAccess>> overrides(UUID tenantId) {
		return db.sql("""
				select group_id, access from tenant_group_access where tenant_id = :tenantId
				""")
			.bind("tenantId", tenantId)
			.map(row -> Map.entry(row.get("group_id", UUID.class),
					GroupAccess.valueOf(row.get("access", String.class))))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new);
	}

	/** Stores the override; {@code DEFAULT} removes it. */
	Mono<Void> setAccess(UUID tenantId, UUID groupId, GroupAccess access) {
		if (access == GroupAccess.DEFAULT) {
			return db.sql("""
					delete from tenant_group_access where tenant_id = :tenantId and group_id = :groupId
					""").bind("tenantId", tenantId).bind("groupId", groupId).then();
		}
		return db.sql("""
				insert into tenant_group_access (tenant_id, group_id, access) values (:tenantId, :groupId, :access)
				on conflict (tenant_id, group_id) do update set access = excluded.access, updated_at = now()
				""").bind("tenantId", tenantId).bind("groupId", groupId).bind("access", access.name()).then();
	}

	private static DatabaseClient.GenericExecuteSpec bindGroup(DatabaseClient.GenericExecuteSpec spec, UUID id,
			ModelGroupRequest group) {
		return spec.bind("id", id)
			.bind("name", group.name())
			.bind("platform", group.platform())
			.bind("rateMultiplier", group.rateMultiplier())
			.bind("serviceRegion", group.serviceRegion().name())
			.bind("visibility", group.visibility().name())
			.bind("status", group.status().name())
			.bind("models", group.models().toArray(String[]::new));
	}

	private static ModelGroup toGroup(Readable row) {
		String[] models = row.get("models", String[].class);
		return new ModelGroup(row.get("id", UUID.class), row.get("name", String.class),
				row.get("platform", String.class), row.get("rate_multiplier", BigDecimal.class),
				Region.valueOf(row.get("service_region", String.class)),
				Visibility.valueOf(row.get("visibility", String.class)),
				GroupStatus.valueOf(row.get("status", String.class)), models == null ? List.of() : List.of(models),
				row.get("created_at", Instant.class), row.get("updated_at", Instant.class),
				row.get("version", Long.class));
	}

}
