package com.gahorouter.console.apikey;

import java.time.Instant;
import java.util.Collection;
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
 * SQL of {@code api_keys}: the keys, their snapshots for the key check and the batched
 * last-use times. Writes join the caller's transaction.
 */
@Repository
class ApiKeyRepository {

	/** The columns {@link #toKey} reads. */
	private static final String COLUMNS = """
			id, tenant_id, created_by, name, prefix, group_id, status, created_at, last_used_at
			""";

	private static final String SELECT = "select " + COLUMNS + "from api_keys\n";

	private final DatabaseClient db;

	ApiKeyRepository(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * Inserts an {@code ACTIVE} key bound to the group; only the secret's hash is stored.
	 */
	Mono<Void> insert(UUID id, UUID tenantId, UUID createdBy, String name, String prefix, String secretHash,
			UUID groupId) {
		return db.sql("""
				insert into api_keys (id, tenant_id, created_by, name, prefix, secret_hash, group_id, status)
				values (:id, :tenantId, :createdBy, :name, :prefix, :hash, :groupId, 'ACTIVE')
				""")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("createdBy", createdBy)
			.bind("name", name)
			.bind("prefix", prefix)
			.bind("hash", secretHash)
			.bind("groupId", groupId)
			.then();
	}

	/** The key with this id, in any status; empty when unknown. */
	Mono<ApiKey> find(UUID id) {
		return db.sql(SELECT + """
				where id = :id
				""").bind("id", id).map(ApiKeyRepository::toKey).one();
	}

	/**
	 * One page of the tenant's keys, oldest first: at most {@code limit} keys after the
	 * key {@code before} (null: from the first); when {@code createdBy} is set, only the
	 * keys that user created. A {@code before} that is no key of the tenant gives an
	 * empty page.
	 */
	Flux<ApiKey> findPage(UUID tenantId, UUID createdBy, int limit, UUID before) {
		return db.sql(SELECT + """
				where tenant_id = :tenantId
				  and (cast(:createdBy as uuid) is null or created_by = :createdBy)
				  and (cast(:before as uuid) is null or (created_at, id) >
				       (select c.created_at, c.id from api_keys c where c.id = :before and c.tenant_id = :tenantId))
				order by created_at, id
				limit :limit
				""")
			.bind("tenantId", tenantId)
			.bind("createdBy", SqlParameters.nullable(createdBy, UUID.class))
			.bind("before", SqlParameters.nullable(before, UUID.class))
			.bind("limit", limit)
			.map(ApiKeyRepository::toKey)
			.all();
	}

	/** How many keys of the tenant are not revoked (what the key quota counts). */
	Mono<Long> countUnrevoked(UUID tenantId) {
		return db.sql("""
				select count(*) from api_keys where tenant_id = :tenantId and status <> 'REVOKED'
				""").bind("tenantId", tenantId).map(row -> row.get(0, Long.class)).one();
	}

	/** The tenant's active keys, in no particular order. */
	Flux<ApiKey> findActiveByTenant(UUID tenantId) {
		return db.sql(SELECT + """
				where tenant_id = :tenantId and status = 'ACTIVE'
				""").bind("tenantId", tenantId).map(ApiKeyRepository::toKey).all();
	}

	/**
	 * Sets the key's name, group (null: none) and status unless it is revoked; empty when
	 * it is revoked or unknown.
	 */
	Mono<ApiKey> update(UUID id, String name, UUID groupId, KeyStatus status) {
		return db.sql("""
				update api_keys set name = :name, group_id = :groupId, status = :status
				where id = :id and status <> 'REVOKED'
				returning
				""" + COLUMNS)
			.bind("id", id)
			.bind("name", name)
			.bind("groupId", SqlParameters.nullable(groupId, UUID.class))
			.bind("status", status.name())
			.map(ApiKeyRepository::toKey)
			.one();
	}

	/** Revokes the key for good; the first revocation's time is kept. */
	Mono<Void> revoke(UUID id) {
		return db.sql("""
				update api_keys set status = 'REVOKED', revoked_at = coalesce(revoked_at, now())
				where id = :id
				""").bind("id", id).then();
	}

	/**
	 * Revokes every key of the tenant that the user created (their removal); the first
	 * revocation's time is kept. Emits how many keys changed.
	 */
	Mono<Long> revokeByCreator(UUID tenantId, UUID createdBy) {
		return db.sql("""
				update api_keys set status = 'REVOKED', revoked_at = coalesce(revoked_at, now())
				where tenant_id = :tenantId and created_by = :createdBy and status <> 'REVOKED'
				""").bind("tenantId", tenantId).bind("createdBy", createdBy).fetch().rowsUpdated();
	}

	/**
	 * Unbinds the tenant's active keys bound to any of the groups
	 * ({@code PENDING_REASSIGNMENT}, no group); emits the ids of the keys unbound.
	 */
	Mono<List<UUID>> unbindFromGroups(UUID tenantId, Collection<UUID> groupIds) {
		return db.sql("""
				update api_keys set group_id = null, status = 'PENDING_REASSIGNMENT'
				where tenant_id = :tenantId and status = 'ACTIVE' and group_id = any(:groupIds)
				returning id
				""")
			.bind("tenantId", tenantId)
			.bind("groupIds", SqlParameters.uuidArray(groupIds))
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList();
	}

	/** What the key check needs of the key with this hash; empty for an unknown key. */
	Mono<KeySnapshot> findSnapshot(String secretHash) {
		return db.sql("""
				select id, tenant_id, group_id, status from api_keys where secret_hash = :hash
				""")
			.bind("hash", secretHash)
			.map(row -> new KeySnapshot(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
					row.get("group_id", UUID.class), KeyStatus.valueOf(row.get("status", String.class))))
			.one();
	}

	/**
	 * Moves each key's {@code last_used_at} forward to its time (never back), in one
	 * statement.
	 */
	Mono<Void> recordLastUse(Map<UUID, Instant> lastUse) {
		List<UUID> ids = List.copyOf(lastUse.keySet());
		String[] times = ids.stream().map(id -> lastUse.get(id).toString()).toArray(String[]::new);
		return db.sql("""
				update api_keys k set last_used_at = greatest(coalesce(k.last_used_at, used.at), used.at)
				from unnest(:ids, cast(:times as timestamptz[])) as used(id, at)
				where k.id = used.id
				""").bind("ids", SqlParameters.uuidArray(ids)).bind("times", times).then();
	}

	/** The keys with these ids, in any status. */
	Flux<ApiKey> findAll(Collection<UUID> ids) {
		return db.sql("select " + COLUMNS + " from api_keys where id = any(:ids)")
			.bind("ids", SqlParameters.uuidArray(ids))
			.map(ApiKeyRepository::toKey)
			.all();
	}

	/**
	 * Moves each key's {@code last_reported_at} forward to its time (never back), in one
	 * statement that updates the keys in id order, so that concurrent usage windows wait
	 * for each other instead of deadlocking.
	 */
	Mono<Void> recordReportedCalls(Map<UUID, Instant> lastCalls) {
		List<UUID> ids = List.copyOf(lastCalls.keySet());
		String[] times = ids.stream().map(id -> lastCalls.get(id).toString()).toArray(String[]::new);
		return db.sql("""
				update api_keys k set last_reported_at = greatest(k.last_reported_at, c.at)
				from (select * from unnest(:ids, cast(:times as timestamptz[])) as c(id, at) order by c.id) c
				where k.id = c.id
				""").bind("ids", SqlParameters.uuidArray(ids)).bind("times", times).then();
	}

	private static ApiKey toKey(Readable row) {
		return new ApiKey(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("created_by", UUID.class), row.get("name", String.class), row.get("prefix", String.class),
				row.get("group_id", UUID.class), KeyStatus.valueOf(row.get("status", String.class)),
				row.get("created_at", Instant.class), row.get("last_used_at", Instant.class));
	}

}
