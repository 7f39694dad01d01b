package com.gahorouter.console.region;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.apikey.BoundKey;
import com.gahorouter.console.apikey.ApiKeyService;
import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.catalog.ModelGroupView;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.tenant.Region;
import com.gahorouter.console.tenant.Tenant;
import com.gahorouter.console.tenant.TenantService;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant admin switching the tenant between {@code CN} and {@code OVERSEAS}.
 *
 * <p>
 * The pre-check compares what {@link AvailableGroups} gives the tenant now and would give
 * it in the target region, and lists the keys that would stop working: the tenant's
 * active keys on the lost groups with their last use, read in one index-backed statement
 * (each key's row carries its last key check and its last reported call).
 *
 * <p>
 * The change runs in one transaction guarded by the tenant's {@code version} (a
 * concurrent change loses with {@code CONCURRENT_MODIFICATION}): the region is updated,
 * the keys bound to lost groups are unbound ({@code PENDING_REASSIGNMENT}), an audit
 * record is written, and notices for every replica are sent, delivered only on commit.
 * After the commit this replica evicts the tenant's available groups (which pushes the
 * new list to open event streams) and its keys' cached key-check state, so the next
 * request of any member, and the gateway's next key check, follow the new region.
 * Balance, ledger, usage and revoked keys are not touched.
 */
@Service
public class RegionChangeService {

	private static final Duration IN_USE_WINDOW = Duration.ofHours(24);

	private final RegionChangeRepository regionChanges;

	private final TenantService tenants;

	private final AvailableGroups availableGroups;

	private final ApiKeyService keys;

	private final ComplianceNotice notice;

	private final ChangeNotifications notifications;

	private final TransactionalOperator transaction;

	/** {@code gahorouter.region.changes{region}}: committed changes by target region. */
	private final Map<Region, Counter> changes = new EnumMap<>(Region.class);

	/** {@code gahorouter.region.precheck}: how long a pre-check takes. */
	private final Timer precheckDuration;

	private final AuditLog audit;

	RegionChangeService(RegionChangeRepository regionChanges, TenantService tenants, AvailableGroups availableGroups,
			ApiKeyService keys, ComplianceNotice notice, ChangeNotifications notifications,
			TransactionalOperator transaction, MeterRegistry meters, AuditLog audit) {
		this.audit = audit;
		this.regionChanges = regionChanges;
		this.tenants = tenants;
		this.availableGroups = availableGroups;
		this.keys = keys;
		this.notice = notice;
		this.notifications = notifications;
		this.transaction = transaction;
		for (Region region : Region.values()) {
			changes.put(region,
					Counter.builder("gahorouter.region.changes")
						.description("Committed region changes by target region")
						.tag("region", region.name())
						.register(meters));
		}
		this.precheckDuration = Timer.builder("gahorouter.region.precheck")
			.description("Duration of region pre-checks")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * What a change to {@code target} would do to the admin's tenant: groups lost and
	 * gained, the keys that would stop working, the compliance notice. Changes nothing.
	 * Its reads take one round trip: the tenant, its overrides and the affected keys at
	 * once, after the (cached) list of its groups.
	 */
	public Mono<RegionPrecheck> precheck(ConsoleUser admin, Region target) {
		UUID tenantId = admin.requireTenant();
		return Mono.defer(() -> {
			Timer.Sample started = Timer.start();
			Instant since = Instant.now().minus(IN_USE_WINDOW);
			return availableGroups.forTenant(tenantId).flatMap(now -> {
				// The keys on the groups outside the target region (those a change loses)
				// are read while the groups after the change are resolved, not after
				// them.
				Set<UUID> outside = ids(AvailableGroups.outsideRegion(now.groups(), target));
				return Mono
					.zip(tenants.find(tenantId), availableGroups.forRegion(tenantId, target),
							keys.activeKeysOnGroups(tenantId, outside, since))
					.flatMap(found -> {
						Tenant tenant = found.getT1();
						GroupsBeforeAndAfter groups = new GroupsBeforeAndAfter(now.groups(), found.getT2());
						Map<UUID, ModelGroup> lost = groups.lost();
						return affectedKeys(tenantId, lost, outside, found.getT3(), since)
							.map(affected -> new RegionPrecheck(tenant.region(), target, tenant.region() == target,
									lost.values().stream().map(ModelGroupView::of).toList(), groups.gainedViews(),
									affected, tenant.region() != target && target == Region.OVERSEAS,
									notice.forTarget(target)));
					});
			}).doOnSuccess(done -> started.stop(precheckDuration));
		});
	}

	/**
	 * Switches the admin's tenant to the requested region ({@code REGION_UNCHANGED} when
	 * it is there, {@code COMPLIANCE_ACK_REQUIRED} for {@code OVERSEAS} without the
	 * acknowledgement, {@code CONCURRENT_MODIFICATION} when another change came first).
	 */
	public Mono<RegionChange> change(ConsoleUser admin, RegionChangeRequest request) {
		UUID tenantId = admin.requireTenant();
		Region target = request.region();
		return tenants.find(tenantId).flatMap(tenant -> {
			if (tenant.region() == target) {
				return Mono.error(new ApiException(ErrorCode.REGION_UNCHANGED,
						"The organisation is already served in " + target.label() + "."));
			}
			if (target == Region.OVERSEAS && !request.acknowledged()) {
				return Mono.error(new ApiException(ErrorCode.COMPLIANCE_ACK_REQUIRED,
						"Changing to Overseas needs complianceAcknowledged: true after reading the cross-border "
								+ "data transfer notice."));
			}
			return groupsBeforeAndAfter(tenantId, target)
				.flatMap(groups -> switchRegion(admin, tenant, target, request.acknowledged(), groups.lost().keySet()))
				.doOnSuccess(done -> {
					availableGroups.evictTenant(tenantId);
					keys.forgetTenant(tenantId);
					changes.get(target).increment();
				});
		});
	}

	/** The audit trail of the admin's tenant, newest first. */
	public Flux<RegionChangeRecord> history(ConsoleUser admin) {
		return regionChanges.findByTenant(admin.requireTenant());
	}

	private Mono<RegionChange> switchRegion(ConsoleUser admin, Tenant tenant, Region target, boolean acknowledged,
			Set<UUID> lostGroups) {
		Instant changedAt = Instant.now();
		return regionChanges.updateRegion(tenant.id(), tenant.version(), target)
			.flatMap(updated -> updated ? Mono.<Void>empty()
					: Mono.error(new ApiException(ErrorCode.CONCURRENT_MODIFICATION,
							"The organisation changed meanwhile; reload and retry.")))
			.then(Mono.defer(() -> keys.unbindFromGroups(tenant.id(), lostGroups)))
			.flatMap(unbound -> regionChanges
				.insert(Secrets.newId(), tenant.id(), admin.userId(), tenant.region(), target, acknowledged, unbound,
						changedAt)
				.then(notifications.publish(AvailableGroups.tenantChanged(tenant.id())))
				.then(audit.record(admin.auditActor(), tenant.id(), AuditAction.REGION_CHANGED, "TENANT", tenant.id(),
						"Region changed from " + tenant.region() + " to " + target + "; " + unbound.size()
								+ " key(s) unbound"))
				.thenReturn(new RegionChange(tenant.region(), target, changedAt, unbound)))
			.as(transaction::transactional);
	}

	/** The tenant's groups now and in the target region, read at once. */
	private Mono<GroupsBeforeAndAfter> groupsBeforeAndAfter(UUID tenantId, Region target) {
		return availableGroups.forTenant(tenantId)
			.zipWith(availableGroups.forRegion(tenantId, target),
					(now, after) -> new GroupsBeforeAndAfter(now.groups(), after));
	}

	/**
	 * The active keys on lost groups with their last use, ordered by group name, then key
	 * name, then id: those among the keys already read on the groups {@code read}, and
	 * the keys of any lost group outside those, read now (today there is none: a change
	 * loses only groups outside its target region; the answer must not rest on that).
	 * Their JSON is written ahead ({@link AffectedKeysJson#writtenAhead}).
	 */
	private Mono<List<RegionPrecheck.AffectedKey>> affectedKeys(UUID tenantId, Map<UUID, ModelGroup> lost,
			Set<UUID> read, List<BoundKey> readKeys, Instant since) {
		Set<UUID> unread = new HashSet<>(lost.keySet());
		unread.removeAll(read);
		return keys.activeKeysOnGroups(tenantId, unread, since).flatMap(more -> {
			List<BoundKey> bound = new ArrayList<>(readKeys.size() + more.size());
			for (BoundKey key : readKeys) {
				if (lost.containsKey(key.groupId())) {
					bound.add(key);
				}
			}
			bound.addAll(more);
			return AffectedKeysJson.writtenAhead(inOrder(bound, lost, since));
		});
	}

	private static Set<UUID> ids(List<ModelGroup> groups) {
		return groups.stream().map(ModelGroup::id).collect(Collectors.toSet());
	}

	/**
	 * The keys as affected keys, by group name, key name and id. Groups are compared by
	 * the rank of their name (one string comparison per group, not per pair of keys): the
	 * same order, at a fraction of the cost for tens of thousands of keys.
	 */
	private static List<RegionPrecheck.AffectedKey> inOrder(List<BoundKey> bound, Map<UUID, ModelGroup> lost,
			Instant since) {
		List<ModelGroup> byName = lost.values().stream().sorted(Comparator.comparing(ModelGroup::name)).toList();
		Map<UUID, Integer> rankOf = new HashMap<>();
		int rank = 0;
		for (int i = 0; i < byName.size(); i++) {
			if (i > 0 && !byName.get(i).name().equals(byName.get(i - 1).name())) {
				rank++;
			}
			rankOf.put(byName.get(i).id(), rank);
		}
		List<Ranked> ranked = new ArrayList<>(bound.size());
		for (BoundKey key : bound) {
			ranked.add(new Ranked(rankOf.get(key.groupId()), affected(key, lost.get(key.groupId()), since)));
		}
		ranked.sort(Ranked.ORDER);
		List<RegionPrecheck.AffectedKey> affected = new ArrayList<>(ranked.size());
		for (Ranked each : ranked) {
			affected.add(each.key());
		}
		return affected;
	}

	private static RegionPrecheck.AffectedKey affected(BoundKey key, ModelGroup group, Instant since) {
		Instant lastUsed = key.lastUsedAt();
		return new RegionPrecheck.AffectedKey(key.id(), key.name(), key.prefix(), group.id(), group.name(), lastUsed,
				lastUsed != null && !lastUsed.isBefore(since));
	}

	/** An affected key with the rank of its group's name, for sorting. */
	private record Ranked(int groupRank, RegionPrecheck.AffectedKey key) {

		static final Comparator<Ranked> ORDER = (a, b) -> {
			int byGroup = Integer.compare(a.groupRank, b.groupRank);
			if (byGroup != 0) {
				return byGroup;
			}
			int byName = a.key.name().compareTo(b.key.name());
			return byName != 0 ? byName : a.key.id().compareTo(b.key.id());
		};

	}

	/** The tenant's available groups now and in the target region. */
	private record GroupsBeforeAndAfter(List<ModelGroup> now, List<ModelGroup> after) {

		/** The groups it has now and would not have, by id, in name order. */
		Map<UUID, ModelGroup> lost() {
			Set<UUID> kept = after.stream().map(ModelGroup::id).collect(Collectors.toSet());
			return now.stream()
				.filter(group -> !kept.contains(group.id()))
				.collect(Collectors.toMap(ModelGroup::id, group -> group, (a, b) -> a, LinkedHashMap::new));
		}

		List<ModelGroupView> gainedViews() {
			Set<UUID> had = now.stream().map(ModelGroup::id).collect(Collectors.toSet());
			return after.stream().filter(group -> !had.contains(group.id())).map(ModelGroupView::of).toList();
		}

	}

}
