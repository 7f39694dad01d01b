package com.gahorouter.console.apikey;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import com.gahorouter.console.alert.KeySpendMove;
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

	/**
	 * The spend of the key's current period (in a statement on {@code api_keys}); null
	 * without a limit.
	 */
	private static final String SPENT_IN_PERIOD = """
			case when spend_limit is null then null else
			    (select coalesce(sum(s.spent), 0) from key_spend s
			     where s.key_id = api_keys.id and s.day >= key_period_start(api_keys.spend_limit_period)) end""";

	/** The columns {@link #toKey} reads. */
	private static final String COLUMNS = """
			id, tenant_id, created_by, name, prefix, group_id, status, created_at, last_used_at,
			expires_at, spend_limit, spend_limit_period, allowed_ips, rate_limit_rpm, rate_limit_tpm,
			""" + SPENT_IN_PERIOD + " as spent_in_period\n";

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

	/**
	 * What the key check needs of the key whose current or previous (rotated) secret has
	 * this hash, with the spend of its current period; empty for an unknown key.
	 */
	Mono<KeySnapshot> findSnapshot(String secretHash) {
		return db.sql("""
				select id, tenant_id, group_id, status, expires_at, allowed_ips, rate_limit_rpm, rate_limit_tpm,
				       spend_limit, spend_limit_period,
				       case when secret_hash = :hash then null else previous_expires_at end as accepted_until,
				""" + SPENT_IN_PERIOD + """
				 as spent_in_period
				from api_keys where secret_hash = :hash or previous_secret_hash = :hash
				""")
			.bind("hash", secretHash)
			.map(row -> KeySnapshot.of(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
					row.get("group_id", UUID.class), KeyStatus.valueOf(row.get("status", String.class)), toPolicy(row),
					row.get("spent_in_period", BigDecimal.class), row.get("accepted_until", Instant.class),
					Instant.now()))
			.one();
	}

	/** Sets every policy of the key (null: none) unless it is revoked; empty then. */
	Mono<ApiKey> updatePolicy(UUID id, KeyPolicy policy) {
		RateLimit rate = policy.rateLimit() == null ? RateLimit.NONE : policy.rateLimit();
		return db.sql("""
				update api_keys set expires_at = :expiresAt, spend_limit = :limit, spend_limit_period = :period,
				       allowed_ips = :ips, rate_limit_rpm = :rpm, rate_limit_tpm = :tpm
				where id = :id and status <> 'REVOKED'
				returning
				""" + COLUMNS)
			.bind("id", id)
			.bind("expiresAt", SqlParameters.nullable(policy.expiresAt(), Instant.class))
			.bind("limit", SqlParameters.nullable(policy.spendLimit(), BigDecimal.class))
			.bind("period",
					SqlParameters.nullable(policy.spendLimitPeriod() == null ? null : policy.spendLimitPeriod().name(),
							String.class))
			.bind("ips", SqlParameters.nullable(
					policy.allowedIps() == null ? null : policy.allowedIps().toArray(String[]::new), String[].class))
			.bind("rpm", SqlParameters.nullable(rate.rpm(), Integer.class))
			.bind("tpm", SqlParameters.nullable(rate.tpm(), Integer.class))
			.map(ApiKeyRepository::toKey)
			.one();
	}

	/**
	 * Replaces the key's secret unless it is revoked; the replaced one stays accepted
	 * until {@code previousExpiresAt} (null: not at all). Emits that instant as stored,
	 * or the rotation's time when the old secret is dropped at once; empty when revoked
	 * or unknown.
	 */
	Mono<Instant> rotate(UUID id, String prefix, String secretHash, Instant previousExpiresAt) {
		return db.sql("""
				update api_keys set
				    previous_secret_hash = case when cast(:previousExpiresAt as timestamptz) is null then null
				                                else secret_hash end,
				    previous_expires_at = cast(:previousExpiresAt as timestamptz),
				    secret_hash = :hash, prefix = :prefix, rotated_at = now()
				where id = :id and status <> 'REVOKED'
				returning coalesce(previous_expires_at, rotated_at) as previous_expires_at
				""")
			.bind("id", id)
			.bind("prefix", prefix)
			.bind("hash", secretHash)
			.bind("previousExpiresAt", SqlParameters.nullable(previousExpiresAt, Instant.class))
			.map(row -> row.get("previous_expires_at", Instant.class))
			.one();
	}

	/**
	 * Adds the keys' charged cost to their spend per UTC day, rows in key and day order
	 * (concurrent usage windows wait for each other instead of deadlocking). Joins the
	 * usage transaction.
	 */
	Mono<Void> addSpend(List<KeySpend> spend) {
		return db.sql("""
				insert into key_spend (key_id, day, spent)
				select key_id, day, amount
				from unnest(cast(:keyIds as uuid[]), cast(:days as date[]), cast(:amounts as numeric[]))
				     as s(key_id, day, amount)
				order by key_id, day
				on conflict (key_id, day) do update set spent = key_spend.spent + excluded.spent
				""")
			.bind("keyIds", spend.stream().map(KeySpend::keyId).toArray(UUID[]::new))
			.bind("days", spend.stream().map(s -> s.day().toString()).toArray(String[]::new))
			.bind("amounts", spend.stream().map(KeySpend::amount).toArray(BigDecimal[]::new))
			.then();
	}

	/**
	 * How the current period's spend of each key among {@code spend}'s that has a spend
	 * limit moved with {@code spend} added (only the days of {@code spend} in the current
	 * period count; a key whose period spend did not move is left out); one statement
	 * whatever the number of keys. Run after {@link #addSpend} in the same transaction,
	 * which holds the keys' rows (locked by the usage transaction's update of
	 * {@code last_reported_at}), so no two windows of one key interleave here: each sees
	 * the other's spend either wholly before or wholly after its own.
	 */
	Mono<List<KeySpendMove>> findSpendMoves(List<KeySpend> spend) {
		return db.sql("""
				with added as (
				    select key_id, day, amount
				    from unnest(cast(:keyIds as uuid[]), cast(:days as date[]), cast(:amounts as numeric[]))
				         as s(key_id, day, amount)
				)
				select k.id, k.tenant_id, k.spend_limit, total.spent - window_spend.amount as spent_before,
				       total.spent as spent_after
				from api_keys k
				cross join lateral (select key_period_start(k.spend_limit_period) as since) p
				cross join lateral (select coalesce(sum(a.amount), 0) as amount from added a
				                    where a.key_id = k.id and a.day >= p.since) window_spend
				cross join lateral (select coalesce(sum(s.spent), 0) as spent from key_spend s
				                    where s.key_id = k.id and s.day >= p.since) total
				where k.id = any(:ids) and k.spend_limit is not null and window_spend.amount > 0
				order by k.id
				""")
			.bind("keyIds", spend.stream().map(KeySpend::keyId).toArray(UUID[]::new))
			.bind("days", spend.stream().map(s -> s.day().toString()).toArray(String[]::new))
			.bind("amounts", spend.stream().map(KeySpend::amount).toArray(BigDecimal[]::new))
			.bind("ids", spend.stream().map(KeySpend::keyId).distinct().toArray(UUID[]::new))
			.map(row -> new KeySpendMove(row.get("tenant_id", UUID.class), row.get("id", UUID.class),
					row.get("spend_limit", BigDecimal.class), row.get("spent_before", BigDecimal.class),
					row.get("spent_after", BigDecimal.class)))
			.all()
			.collectList();
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

	/**
	 * The tenant's active keys bound to any of the groups, each group's keys in
	 * {@link BoundKey#BY_NAME} order; a reported call counts for {@code lastUsedAt} only
	 * from {@code reportedSince} on. One index-backed statement
	 * ({@code api_keys_tenant_group}), run for two halves of the groups at once on two
	 * connections, so the database reads and the server unpacks and sorts each half on
	 * its own core. Each answers one row per group holding its keys'
	 * {@code packed_listing}s (see {@link PackedKeys}) concatenated: 80,000 keys cost a
	 * few rows and a linear scan of their text instead of 80,000 rows each decoded and
	 * signalled through the reactive chain, and the database only concatenates texts it
	 * keeps ready, where building them per key per query was most of its time (profiled
	 * with JFR and {@code psql \timing}).
	 */
	Mono<List<BoundKey>> findActiveOnGroups(UUID tenantId, Collection<UUID> groupIds, Instant reportedSince) {
		List<UUID> first = new ArrayList<>();
		List<UUID> second = new ArrayList<>();
		for (UUID groupId : groupIds) {
			(first.size() <= second.size() ? first : second).add(groupId);
		}
		Flux<List<BoundKey>> groups = second.isEmpty() ? findActiveOnGroupsOnce(tenantId, first, reportedSince)
				: Flux.merge(findActiveOnGroupsOnce(tenantId, first, reportedSince),
						findActiveOnGroupsOnce(tenantId, second, reportedSince));
		return groups.collectList().map(lists -> lists.stream().flatMap(List::stream).toList());
	}

	/** Each group's keys, as {@link #findActiveOnGroups} in one statement. */
	private Flux<List<BoundKey>> findActiveOnGroupsOnce(UUID tenantId, List<UUID> groupIds, Instant reportedSince) {
		return db.sql("""
				select group_id, string_agg(packed_listing, '') as keys
				from api_keys
				where tenant_id = :tenantId and status = 'ACTIVE' and group_id = any(:groupIds)
				group by group_id
				""").bind("tenantId", tenantId).bind("groupIds", SqlParameters.uuidArray(groupIds)).map(row -> {
			List<BoundKey> keys = PackedKeys.unpack(row.get("group_id", UUID.class), row.get("keys", String.class),
					reportedSince);
			keys.sort(BoundKey.BY_NAME);
			return keys;
		}).all();
	}

	private static ApiKey toKey(Readable row) {
		return new ApiKey(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("created_by", UUID.class), row.get("name", String.class), row.get("prefix", String.class),
				row.get("group_id", UUID.class), KeyStatus.valueOf(row.get("status", String.class)),
				row.get("created_at", Instant.class), row.get("last_used_at", Instant.class), toPolicy(row),
				row.get("spent_in_period", BigDecimal.class));
	}

	private static KeyPolicy toPolicy(Readable row) {
		String period = row.get("spend_limit_period", String.class);
		String[] ips = row.get("allowed_ips", String[].class);
		Integer rpm = row.get("rate_limit_rpm", Integer.class);
		Integer tpm = row.get("rate_limit_tpm", Integer.class);
		return new KeyPolicy(row.get("expires_at", Instant.class), row.get("spend_limit", BigDecimal.class),
				period == null ? null : SpendPeriod.valueOf(period), ips == null ? null : List.of(ips),
				rpm == null && tpm == null ? null : new RateLimit(rpm, tpm));
	}

}
