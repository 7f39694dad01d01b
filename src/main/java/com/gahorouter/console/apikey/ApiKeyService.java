package com.gahorouter.console.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.alert.Alerts;
import com.gahorouter.console.alert.KeySpendMove;
import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.catalog.CatalogService;
import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ChangeNotifications.Change;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.tenant.TenantQuotas;

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
 * The gateway's key check reads {@link KeySnapshots}. Every change of a key evicts it
 * there after commit and, through a {@link ChangeNotifications} notice sent in the same
 * transaction, on every other replica.
 */
@Service
public class ApiKeyService {

	private static final String PREFIX = "gk-";

	private static final int SECRET_BYTES = 32;

	private static final int SHOWN_PREFIX_LENGTH = 8;

	/** The whole spend limit, as a key-budget percentage. */
	private static final int LIMIT_PERCENT = 100;

	private final ApiKeyRepository keys;

	private final KeySnapshots snapshots;

	private final AvailableGroups availableGroups;

	private final CatalogService catalog;

	private final ChangeNotifications notifications;

	private final TransactionalOperator transaction;

	private final AuditLog audit;

	private final TenantQuotas quotas;

	private final Alerts alerts;

	ApiKeyService(ApiKeyRepository keys, KeySnapshots snapshots, AvailableGroups availableGroups,
			CatalogService catalog, ChangeNotifications notifications, TransactionalOperator transaction,
			AuditLog audit, TenantQuotas quotas, Alerts alerts) {
		this.alerts = alerts;
		this.audit = audit;
		this.quotas = quotas;
		this.keys = keys;
		this.snapshots = snapshots;
		this.availableGroups = availableGroups;
		this.catalog = catalog;
		this.notifications = notifications;
		this.transaction = transaction;
	}

	/**
	 * Creates an active key bound to one of the tenant's available groups
	 * ({@code GROUP_NOT_AVAILABLE} otherwise) unless the tenant's key quota is reached
	 * ({@code QUOTA_EXCEEDED}, counted under the tenant's lock in the inserting
	 * transaction); the answer is the only time the key is shown.
	 */
	public Mono<CreatedApiKey> create(ConsoleUser user, ApiKeyRequest request) {
		return create(user, request, PolicyChange.NONE);
	}

	/**
	 * Creates an active key as {@link #create(ConsoleUser, ApiKeyRequest)} does, with the
	 * policies the request sets, in one transaction.
	 */
	public Mono<CreatedApiKey> create(ConsoleUser user, ApiKeyRequest request, PolicyChange policies) {
		UUID tenantId = user.requireTenant();
		return Mono.fromCallable(() -> policies.applyTo(KeyPolicy.NONE))
			.zipWith(requireAvailable(tenantId, request.groupId()))
			.flatMap(policyAndGroup -> {
				KeyPolicy policy = policyAndGroup.getT1();
				String key = PREFIX + Secrets.randomBase62(SECRET_BYTES);
				UUID id = Secrets.newId();
				String prefix = key.substring(0, SHOWN_PREFIX_LENGTH);
				String name = request.name().trim();
				return quotas.requireRoom(tenantId, TenantQuotas.Quota.API_KEYS, () -> keys.countUnrevoked(tenantId))
					.then(keys.insert(id, tenantId, user.userId(), name, prefix, Secrets.sha256Hex(key),
							policyAndGroup.getT2().id()))
					.then(policy.equals(KeyPolicy.NONE) ? keys.find(id) : keys.updatePolicy(id, policy))
					.flatMap(stored -> audit
						.record(user.auditActor(), tenantId, AuditAction.API_KEY_CREATED, "API_KEY", id,
								"Created key " + name + " (" + prefix + ")")
						.thenReturn(stored))
					.as(transaction::transactional)
					.map(stored -> CreatedApiKey.of(stored, key));
			});
	}

	/**
	 * One page of the keys the user may see: all of the tenant's for its admin, their own
	 * for a member; oldest first, at most {@code limit} after the key {@code before}
	 * (null: from the first).
	 */
	public Flux<ApiKeyView> list(ConsoleUser user, int limit, UUID before) {
		UUID tenantId = user.requireTenant();
		Flux<ApiKey> visible = keys.findPage(tenantId, user.isTenantAdmin() ? null : user.userId(), limit, before);
		return groupNames().flatMapMany(names -> visible.map(key -> ApiKeyView.of(key, names.get(key.groupId()))));
	}

	/**
	 * Renames and/or rebinds a key; rebinding a pending key makes it active again.
	 * Revoked keys cannot change.
	 */
	public Mono<ApiKeyView> update(ConsoleUser user, UUID keyId, ApiKeyUpdate update) {
		return update(user, keyId, update, PolicyChange.NONE);
	}

	/**
	 * Renames and/or rebinds a key as {@link #update(ConsoleUser, UUID, ApiKeyUpdate)}
	 * does and applies the policy fields sent (an absent one is kept, a null one
	 * cleared), in one transaction; every replica's key check follows within a second.
	 */
	public Mono<ApiKeyView> update(ConsoleUser user, UUID keyId, ApiKeyUpdate update, PolicyChange policies) {
		return findVisible(user, keyId).filter(key -> key.status() != KeyStatus.REVOKED)
			.switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(key -> {
				KeyPolicy policy = policies.isEmpty() ? null : policies.applyTo(key.policy());
				Mono<UUID> group = update.groupId() == null ? Mono.justOrEmpty(key.groupId())
						: requireAvailable(key.tenantId(), update.groupId()).map(ModelGroup::id);
				return group.map(Optional::of)
					.defaultIfEmpty(Optional.empty())
					.flatMap(groupId -> write(key, update.name(), groupId.orElse(null), policy));
			})
			.flatMap(key -> groupNames().map(names -> ApiKeyView.of(key, names.get(key.groupId()))));
	}

	private Mono<ApiKey> write(ApiKey key, String name, UUID groupId, KeyPolicy policy) {
		KeyStatus status = groupId == null ? KeyStatus.PENDING_REASSIGNMENT : KeyStatus.ACTIVE;
		return keys.update(key.id(), name == null ? key.name() : name.trim(), groupId, status)
			.flatMap(updated -> policy == null ? Mono.just(updated) : keys.updatePolicy(key.id(), policy))
			.switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(updated -> announceKeyChanged(key.id()).thenReturn(updated))
			.flatMap(updated -> audit
				.record(key.tenantId(), AuditAction.API_KEY_UPDATED, "API_KEY", key.id(),
						"Updated key " + updated.name() + " (" + updated.prefix() + ")")
				.thenReturn(updated))
			.as(transaction::transactional)
			.doOnNext(updated -> snapshots.forgetKey(key.id()));
	}

	/**
	 * Gives the key a new secret (shown only in the answer, stored as its hash) with the
	 * same id, group, policies and history; the replaced secret stays accepted for the
	 * grace period (none: refused at once), then is refused as revoked. Revoked keys
	 * cannot be rotated ({@code NOT_FOUND}).
	 */
	public Mono<RotatedApiKey> rotate(ConsoleUser user, UUID keyId, RotationRequest request) {
		return findVisible(user, keyId).filter(key -> key.status() != KeyStatus.REVOKED)
			.switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(key -> {
				String secret = PREFIX + Secrets.randomBase62(SECRET_BYTES);
				String prefix = secret.substring(0, SHOWN_PREFIX_LENGTH);
				int grace = request.graceHours();
				Instant previousExpiresAt = grace == 0 ? null : Instant.now().plus(Duration.ofHours(grace));
				return keys.rotate(key.id(), prefix, Secrets.sha256Hex(secret), previousExpiresAt)
					.switchIfEmpty(Mono.error(ApiException::notFound))
					.flatMap(expiry -> announceKeyChanged(key.id())
						.then(audit.record(user.auditActor(), key.tenantId(), AuditAction.API_KEY_ROTATED, "API_KEY",
								key.id(), "Rotated key " + key.name() + " (" + prefix + ")"))
						.thenReturn(new RotatedApiKey(key.id(), secret, prefix, expiry)))
					.as(transaction::transactional)
					.doOnNext(rotated -> snapshots.forgetKey(key.id()));
			});
	}

	/** Revokes a key for good (kept for history); the very next key check refuses it. */
	public Mono<Void> revoke(ConsoleUser user, UUID keyId) {
		return findVisible(user, keyId).switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(key -> keys.revoke(key.id())
				.then(announceKeyChanged(key.id()))
				.then(audit.record(user.auditActor(), key.tenantId(), AuditAction.API_KEY_REVOKED, "API_KEY", key.id(),
						"Revoked key " + key.name() + " (" + key.prefix() + ")"))
				.as(transaction::transactional))
			.then(Mono.fromRunnable(() -> snapshots.forgetKey(keyId)));
	}

	/**
	 * Revokes every key the user created in the tenant (the user is being removed) and
	 * announces it to every replica; joins the caller's transaction, so the keys are
	 * revoked exactly when the removal commits. The caller calls {@link #forgetTenant}
	 * after the transaction commits.
	 */
	public Mono<Void> revokeAllOf(UUID tenantId, UUID userId) {
		return keys.revokeByCreator(tenantId, userId)
			.flatMap(revoked -> revoked == 0 ? Mono.<Void>empty()
					: notifications.publish(new Change(KeySnapshots.TENANT_KEYS_TOPIC, tenantId)));
	}

	/** The key with this id, in any status; empty when unknown. */
	public Mono<ApiKey> find(UUID keyId) {
		return keys.find(keyId);
	}

	/**
	 * The tenant's active keys (of every member) bound to any of the groups, with their
	 * last use; a reported call counts only from {@code reportedSince} on (the
	 * pre-check's in-use window).
	 */
	public Mono<List<BoundKey>> activeKeysOnGroups(UUID tenantId, Collection<UUID> groupIds, Instant reportedSince) {
		return groupIds.isEmpty() ? Mono.just(List.of()) : keys.findActiveOnGroups(tenantId, groupIds, reportedSince);
	}

	/** The keys with these ids, in any status, by id; unknown ids are left out. */
	public Mono<Map<UUID, ApiKey>> findAll(Collection<UUID> keyIds) {
		return keyIds.isEmpty() ? Mono.just(Map.of()) : keys.findAll(keyIds).collectMap(ApiKey::id);
	}

	/**
	 * Moves each key's last reported call forward to the given time (never back); joins
	 * the caller's usage transaction. Keys are updated in id order, so concurrent usage
	 * windows wait for each other instead of deadlocking.
	 */
	public Mono<Void> recordReportedCalls(Map<UUID, Instant> lastCalls) {
		return lastCalls.isEmpty() ? Mono.empty() : keys.recordReportedCalls(lastCalls);
	}

	/**
	 * Adds the window's charged cost to each key's spend, hands the moves of the keys'
	 * period spend to {@link Alerts#keySpendsMoved} (key-budget crossings go to the alert
	 * outbox) and emits the keys whose spend limit the window made them reach, after
	 * announcing each to every replica; joins the caller's usage transaction, after
	 * {@link #recordReportedCalls} (whose row locks order concurrent windows of one key,
	 * so each crossing is seen by one window only). A constant number of statements
	 * whatever the number of keys. The caller calls {@link #forgetKeys} with them after
	 * the transaction commits.
	 */
	public Mono<List<UUID>> recordSpend(List<KeySpend> spend) {
		if (spend.isEmpty()) {
			return Mono.just(List.of());
		}
		return keys.addSpend(spend).then(keys.findSpendMoves(spend)).flatMap(moves -> {
			List<UUID> reached = moves.stream()
				.filter(move -> move.crossed(LIMIT_PERCENT))
				.map(KeySpendMove::keyId)
				.toList();
			return alerts.keySpendsMoved(moves)
				.thenMany(Flux.fromIterable(reached).concatMap(this::announceKeyChanged))
				.then()
				.thenReturn(reached);
		});
	}

	/**
	 * Drops this replica's cached key-check state of these keys (after a change of them
	 * commits).
	 */
	public void forgetKeys(Collection<UUID> keyIds) {
		if (!keyIds.isEmpty()) {
			snapshots.forgetKeys(Set.copyOf(keyIds));
		}
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
		return keys.unbindFromGroups(tenantId, groupIds)
			.flatMap(unbound -> notifications.publish(new Change(KeySnapshots.TENANT_KEYS_TOPIC, tenantId))
				.thenReturn(unbound));
	}

	/**
	 * Drops this replica's cached key-check state of the tenant's keys (after a change of
	 * them commits elsewhere).
	 */
	public void forgetTenant(UUID tenantId) {
		snapshots.forgetTenant(tenantId);
	}

	private Mono<Void> announceKeyChanged(UUID keyId) {
		return notifications.publish(new Change(KeySnapshots.KEY_TOPIC, keyId));
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

}
