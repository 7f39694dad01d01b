package com.gahorouter.console.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.catalog.CatalogService;
import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.ChangeNotifications.Change;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.system.SqlParameters;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.r2dbc.spi.Readable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * API keys: {@code gk-} and 32 random bytes (base62), shown once and stored only as
 * SHA-256 (a fast hash is right for a high-entropy secret, and the gateway checks keys on
 * every call). A key is bound to one of the tenant's available groups, asked of
 * {@link AvailableGroups} and nothing else. A tenant admin manages all of the tenant's
 * keys, a member only their own; any other key id is {@code NOT_FOUND}.
 *
 * <p>
 * The gateway's key check reads {@link #snapshot} from the {@code api-keys} cache, keyed
 * by the key's hash. Every change of a key evicts it after commit here and, through a
 * {@link ChangeNotifications} notice sent in the same transaction, on every other
 * replica.
 */
@Service
public class ApiKeyService implements DisposableBean {

	/** A {@link Change} of one key; its id is the key id. */
	static final String KEY_TOPIC = "api-key";

	/**
	 * A {@link Change} of some of a tenant's keys (region change); its id is the tenant
	 * id.
	 */
	static final String TENANT_KEYS_TOPIC = "tenant-keys";

	private static final String PREFIX = "gk-";

	private static final int SECRET_BYTES = 32;

	private static final int SHOWN_PREFIX_LENGTH = 8;

	private static final String COLUMNS = "id, tenant_id, created_by, name, prefix, group_id, status, created_at, last_used_at";

	private final DatabaseClient db;

	private final AvailableGroups availableGroups;

	private final CatalogService catalog;

	private final ChangeNotifications notifications;

	private final TransactionalOperator transaction;

	private final AsyncCache<String, KeySnapshot> snapshots;

	private final Disposable evictions;

	public ApiKeyService(DatabaseClient db, AvailableGroups availableGroups, CatalogService catalog,
			ChangeNotifications notifications, TransactionalOperator transaction, MeterRegistry meters) {
		this.db = db;
		this.availableGroups = availableGroups;
		this.catalog = catalog;
		this.notifications = notifications;
		this.transaction = transaction;
		// Expiry is only a safety net: every key change evicts explicitly, on every
		// replica.
		this.snapshots = Caffeine.newBuilder()
			.maximumSize(200_000)
			.expireAfterWrite(Duration.ofMinutes(10))
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(meters, snapshots, "api-keys");
		this.evictions = notifications.onChange(this::evict);
	}

	public Mono<CreatedApiKey> create(ConsoleUser user, ApiKeyRequest request) {
		UUID tenantId = user.requireTenant();
		return requireAvailable(tenantId, request.groupId()).flatMap(group -> {
			String key = PREFIX + Secrets.randomBase62(SECRET_BYTES);
			UUID id = Secrets.newId();
			String prefix = key.substring(0, SHOWN_PREFIX_LENGTH);
			return db
				.sql("insert into api_keys (id, tenant_id, created_by, name, prefix, secret_hash, group_id, "
						+ "status) values (:id, :tenantId, :createdBy, :name, :prefix, :hash, :groupId, 'ACTIVE')")
				.bind("id", id)
				.bind("tenantId", tenantId)
				.bind("createdBy", user.userId())
				.bind("name", request.name().trim())
				.bind("prefix", prefix)
				.bind("hash", Secrets.sha256Hex(key))
				.bind("groupId", group.id())
				.then()
				.thenReturn(new CreatedApiKey(id, request.name().trim(), key, prefix, group.id(), KeyStatus.ACTIVE));
		});
	}

	/**
	 * The keys the user may see: all of the tenant's for its admin, their own for a
	 * member; oldest first.
	 */
	public Flux<ApiKeyView> list(ConsoleUser user) {
		String visible = user.isTenantAdmin() ? "" : " and created_by = :userId";
		var query = db
			.sql("select " + COLUMNS + " from api_keys where tenant_id = :tenantId" + visible
					+ " order by created_at, id")
			.bind("tenantId", user.requireTenant());
		if (!user.isTenantAdmin()) {
			query = query.bind("userId", user.userId());
		}
		Flux<ApiKey> keys = query.map(ApiKeyService::toKey).all();
		return groupNames().flatMapMany(names -> keys.map(key -> ApiKeyView.of(key, names.get(key.groupId()))));
	}

	/**
	 * Renames and/or rebinds a key; rebinding a pending key makes it active again.
	 * Revoked keys cannot change.
	 */
	public Mono<ApiKeyView> update(ConsoleUser user, UUID keyId, ApiKeyUpdate update) {
		return findVisible(user, keyId).filter(key -> key.status() != KeyStatus.REVOKED)
			.switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(key -> {
				Mono<UUID> group = update.groupId() == null ? Mono.justOrEmpty(key.groupId())
						: requireAvailable(key.tenantId(), update.groupId()).map(ModelGroup::id);
				return group.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.flatMap(groupId -> write(key, update.name(), groupId.orElse(null)));
			})
			.flatMap(key -> groupNames().map(names -> ApiKeyView.of(key, names.get(key.groupId()))));
	}

	private Mono<ApiKey> write(ApiKey key, String name, UUID groupId) {
		KeyStatus status = groupId == null ? KeyStatus.PENDING_REASSIGNMENT : KeyStatus.ACTIVE;
		var update = db
			.sql("update api_keys set name = :name, group_id = :groupId, status = :status "
					+ "where id = :id and status <> 'REVOKED' returning " + COLUMNS)
			.bind("id", key.id())
			.bind("name", name == null ? key.name() : name.trim())
			.bind("status", status.name());
		update = groupId == null ? update.bindNull("groupId", UUID.class) : update.bind("groupId", groupId);
		return update.map(ApiKeyService::toKey)
			.one()
			.switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(updated -> notifications.publish(new Change(KEY_TOPIC, key.id())).thenReturn(updated))
			.as(transaction::transactional)
			.doOnNext(updated -> forgetKey(key.id()));
	}

	/** Revokes a key for good (kept for history); the very next key check refuses it. */
	public Mono<Void> revoke(ConsoleUser user, UUID keyId) {
		return findVisible(user, keyId).switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(key -> db
				.sql("update api_keys set status = 'REVOKED', revoked_at = coalesce(revoked_at, now()) "
						+ "where id = :id")
				.bind("id", key.id())
				.then()
				.then(notifications.publish(new Change(KEY_TOPIC, key.id())))
				.as(transaction::transactional))
			.then(Mono.fromRunnable(() -> forgetKey(keyId)));
	}

	/** What the key check needs of the key with this hash; empty for an unknown key. */
	public Mono<KeySnapshot> snapshot(String secretHash) {
		if (!notifications.isListening()) {
			return loadSnapshot(secretHash);
		}
		return Mono.fromFuture(() -> snapshots.get(secretHash, (hash, executor) -> loadSnapshot(hash).toFuture()),
				true);
	}

	/** The key with this id, in any status; empty when unknown. */
	public Mono<ApiKey> find(UUID keyId) {
		return db.sql("select " + COLUMNS + " from api_keys where id = :id")
			.bind("id", keyId)
			.map(ApiKeyService::toKey)
			.one();
	}

	/** The keys with these ids, in any status, by id; unknown ids are left out. */
	public Mono<Map<UUID, ApiKey>> findAll(Collection<UUID> keyIds) {
		if (keyIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return db.sql("select " + COLUMNS + " from api_keys where id = any(:ids)")
			.bind("ids", SqlParameters.uuidArray(keyIds))
			.map(ApiKeyService::toKey)
			.all()
			.collectMap(ApiKey::id);
	}

	/**
	 * Moves each key's last reported call forward to the given time (never back); joins
	 * the caller's usage transaction. Keys are updated in id order, so concurrent usage
	 * windows wait for each other instead of deadlocking.
	 */
	public Mono<Void> recordReportedCalls(Map<UUID, Instant> lastCalls) {
		if (lastCalls.isEmpty()) {
			return Mono.empty();
		}
		List<UUID> ids = List.copyOf(lastCalls.keySet());
		return db.sql("""
				update api_keys k set last_reported_at = greatest(k.last_reported_at, c.last_call)
				from (select * from unnest(cast(:ids as uuid[]), cast(:lastCalls as timestamptz[]))
				      as c(id, last_call) order by c.id) c
				where k.id = c.id
				""")
			.bind("ids", SqlParameters.uuidArray(ids))
			.bind("lastCalls", ids.stream().map(id -> lastCalls.get(id).toString()).toArray(String[]::new))
			.then();
	}

	/**
	 * The tenant's active keys (of every member), streamed as the database returns them.
	 */
	public Flux<ApiKey> streamActiveKeys(UUID tenantId) {
		return db.sql("select " + COLUMNS + " from api_keys where tenant_id = :tenantId and status = 'ACTIVE'")
			.bind("tenantId", tenantId)
			.map(ApiKeyService::toKey)
			.all();
	}

	/**
	 * Unbinds the tenant's active keys bound to any of the groups
	 * ({@code PENDING_REASSIGNMENT}, no group) and announces it to every replica; joins
	 * the caller's transaction. Emits the ids of the keys unbound. The caller calls
	 * {@link #forgetTenant} after the transaction commits.
	 */
	public Mono<List<UUID>> unbindFromGroups(UUID tenantId, Collection<UUID> groupIds) {
		if (groupIds.isEmpty()) {
			return Mono.just(List.of());
		}
		String[] ids = groupIds.stream().map(UUID::toString).toArray(String[]::new);
		return db
			.sql("update api_keys set group_id = null, status = 'PENDING_REASSIGNMENT' "
					+ "where tenant_id = :tenantId and status = 'ACTIVE' and group_id = any(cast(:groupIds as uuid[])) "
					+ "returning id")
			.bind("tenantId", tenantId)
			.bind("groupIds", ids)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList()
			.flatMap(unbound -> announceTenantKeysChanged(tenantId).thenReturn(unbound));
	}

	/**
	 * Drops every cached snapshot of the tenant's keys (after a change of them commits
	 * elsewhere).
	 */
	public void forgetTenant(UUID tenantId) {
		snapshots.synchronous().asMap().values().removeIf(snapshot -> snapshot.tenantId().equals(tenantId));
	}

	/**
	 * Tells every replica that some of the tenant's keys changed; joins the caller's
	 * transaction.
	 */
	public Mono<Void> announceTenantKeysChanged(UUID tenantId) {
		return notifications.publish(new Change(TENANT_KEYS_TOPIC, tenantId));
	}

	private void forgetKey(UUID keyId) {
		snapshots.synchronous().asMap().values().removeIf(snapshot -> snapshot.keyId().equals(keyId));
	}

	private void evict(Change change) {
		if (change.isResync()) {
			snapshots.synchronous().invalidateAll();
		}
		else if (KEY_TOPIC.equals(change.topic())) {
			forgetKey(change.id());
		}
		else if (TENANT_KEYS_TOPIC.equals(change.topic())) {
			forgetTenant(change.id());
		}
	}

	private Mono<ModelGroup> requireAvailable(UUID tenantId, UUID groupId) {
		return availableGroups.findAvailable(tenantId, groupId)
			.switchIfEmpty(Mono.error(() -> new ApiException(ErrorCode.GROUP_NOT_AVAILABLE,
					"That model group is not available to your organisation in its current region.")));
	}

	private Mono<ApiKey> findVisible(ConsoleUser user, UUID keyId) {
		return find(keyId).filter(key -> key.tenantId().equals(user.tenantId())
				&& (user.isTenantAdmin() || user.userId().equals(key.createdBy())));
	}

	private Mono<Map<UUID, String>> groupNames() {
		return catalog.list().collectMap(ModelGroup::id, ModelGroup::name);
	}

	private Mono<KeySnapshot> loadSnapshot(String secretHash) {
		return db.sql("select id, tenant_id, group_id, status from api_keys where secret_hash = :hash")
			.bind("hash", secretHash)
			.map(row -> new KeySnapshot(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
					row.get("group_id", UUID.class), KeyStatus.valueOf(row.get("status", String.class))))
			.one();
	}

	static ApiKey toKey(Readable row) {
		return new ApiKey(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("created_by", UUID.class), row.get("name", String.class), row.get("prefix", String.class),
				row.get("group_id", UUID.class), KeyStatus.valueOf(row.get("status", String.class)),
				row.get("created_at", Instant.class), row.get("last_used_at", Instant.class));
	}

	@Override
	public void destroy() {
		evictions.dispose();
	}

}
