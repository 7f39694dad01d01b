package com.gahorouter.console.catalog;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import com.gahorouter.console.system.ChangeNotifications.Change;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.CoherentCache;
import com.gahorouter.console.tenant.Region;
import com.gahorouter.console.tenant.TenantService;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one place that decides which model groups a tenant may use (the contract's
 * deployment, region and tenant filters, see {@link AvailabilityRule}). Every feature
 * that needs the available groups (the list, API keys, the gateway's key check, the
 * dashboard, usage, the region change) asks here.
 * <p>
 * Two {@link CoherentCache}s, each loaded once per key however many requests miss at the
 * same time:
 * <ul>
 * <li>{@code model-groups-by-region}: per tenant region, the groups past the deployment
 * and region filters (one query) and the list of a tenant without overrides;</li>
 * <li>{@code available-groups}: per tenant, its resolved {@link GroupList} (one query for
 * its overrides, plus its region through {@link TenantService#find}); tenants whose
 * overrides change nothing share the region's list, and all lists share the
 * {@link ModelGroup} instances.</li>
 * </ul>
 * Invalidation: callers evict after their transaction commits, and announce the change in
 * it through {@link ChangeNotifications} ({@link #CATALOG_CHANGED},
 * {@link #tenantChanged}) so that every other replica evicts on receipt; while notices
 * are not being received, lists are read from the database, not the caches.
 * {@link #evictAll()} for a catalog edit, {@link #evictTenant(UUID)} for a grant/block or
 * a region change; the expiry ({@code gahorouter.catalog.cache-ttl}) is only a safety
 * net. Each eviction is announced on {@link #changes()}.
 */
@Service
public class AvailableGroups implements DisposableBean {

	/** The {@link Change} topic of a catalog edit (every tenant's list). */
	static final String CATALOG_TOPIC = "catalog";

	/**
	 * The {@link Change} topic of one tenant's list (grant/block, region change); its id
	 * is the tenant id.
	 */
	static final String TENANT_TOPIC = "tenant-groups";

	/** The notice of a catalog edit. */
	public static final Change CATALOG_CHANGED = new Change(CATALOG_TOPIC, null);

	/**
	 * The {@link #changes()} signal for "every tenant's list may have changed" (a catalog
	 * edit).
	 */
	public static final UUID ALL_TENANTS = new UUID(0L, 0L);

	private final ModelGroupRepository groups;

	private final TenantService tenants;

	private final DeploymentProperties deployment;

	private final GroupListEncoder encoder;

	private final CatalogChanges changes;

	private final CoherentCache<Region, RegionCatalog> regionCatalogs;

	private final CoherentCache<UUID, GroupList> tenantLists;

	private final LongAdder regionLoads = new LongAdder();

	private final LongAdder tenantLoads = new LongAdder();

	AvailableGroups(ModelGroupRepository groups, TenantService tenants, DeploymentProperties deployment,
			CatalogProperties properties, GroupListEncoder encoder, CatalogChanges changes, MeterRegistry meters,
			ChangeNotifications notifications) {
		this.groups = groups;
		this.tenants = tenants;
		this.deployment = deployment;
		this.encoder = encoder;
		this.changes = changes;
		this.regionCatalogs = CoherentCache.named("model-groups-by-region", this::loadRegion)
			.maximumSize(Region.values().length)
			.expireAfterWrite(properties.cacheTtl())
			.build(meters, notifications);
		// Notices are handled by this cache only, so that both caches are evicted in
		// evictAll()'s order (regions first). After a resync, when each cache has
		// dropped everything on its own, evictAll() also tells the event streams.
		this.tenantLists = CoherentCache.named("available-groups", this::loadTenant)
			.maximumSize(properties.maxCachedTenants())
			.expireAfterWrite(properties.cacheTtl())
			.onChange(CATALOG_TOPIC, all -> evictAll())
			.onChange(TENANT_TOPIC, this::evictTenant)
			.afterResync(this::evictAll)
			.build(meters, notifications);
	}

	/**
	 * The notice that one tenant's available groups changed; send it in the changing
	 * transaction.
	 */
	public static Change tenantChanged(UUID tenantId) {
		return new Change(TENANT_TOPIC, tenantId);
	}

	@Override
	public void destroy() {
		regionCatalogs.dispose();
		tenantLists.dispose();
	}

	/**
	 * The tenant's available groups, ordered by name, with their JSON and ETag; cached.
	 * Fails with {@code NOT_FOUND} for an unknown tenant.
	 */
	public Mono<GroupList> forTenant(UUID tenantId) {
		return tenantLists.get(tenantId);
	}

	/**
	 * The tenant's list if it is cached now, else {@code null} (then {@link #forTenant}).
	 */
	public GroupList forTenantIfLoaded(UUID tenantId) {
		return tenantLists.getIfLoaded(tenantId);
	}

	/**
	 * The group if it is available to the tenant now; empty otherwise (unknown, filtered
	 * out or disabled).
	 */
	public Mono<ModelGroup> findAvailable(UUID tenantId, UUID groupId) {
		return forTenant(tenantId).mapNotNull(list -> list.find(groupId).orElse(null));
	}

	/**
	 * What the tenant would have if it were in {@code region}, with its current overrides
	 * (the region change and its pre-check, which read the tenant themselves: a tenant
	 * that does not exist has no overrides, and they answer 404 for it). Not cached per
	 * tenant. The overrides and the region's catalog are read at once.
	 */
	public Mono<List<ModelGroup>> forRegion(UUID tenantId, Region region) {
		return groups.overrides(tenantId)
			.zipWith(regionCatalogs.get(region), (overrides, catalog) -> catalog.resolve(overrides));
	}

	/**
	 * The groups of a tenant's list that no tenant in {@code region} could have, whatever
	 * its overrides: what the region filter alone drops. A change to {@code region} loses
	 * exactly these (its overrides and the deployment stay as they are).
	 */
	public static List<ModelGroup> outsideRegion(List<ModelGroup> groups, Region region) {
		return groups.stream().filter(group -> !AvailabilityRule.isInRegion(group.serviceRegion(), region)).toList();
	}

	/**
	 * Drops the tenant's list (after a grant/block or region change commits) and
	 * announces the change.
	 */
	public void evictTenant(UUID tenantId) {
		tenantLists.invalidate(tenantId);
		changes.publish(tenantId);
	}

	/**
	 * Drops every cached catalog and list (after a catalog edit commits) and announces it
	 * as {@link #ALL_TENANTS}.
	 */
	public void evictAll() {
		// Regions first: a tenant list loaded after this reads a fresh region catalog.
		regionCatalogs.invalidateAll();
		tenantLists.invalidateAll();
		changes.publish(ALL_TENANTS);
	}

	/**
	 * Ids of tenants whose available groups may have changed on this server, or
	 * {@link #ALL_TENANTS} for every tenant; emitted after the cache was evicted, so
	 * {@link #forTenant} then answers the new list. Hot: only changes after subscription;
	 * completes when the server shuts down. Subscribers must keep demand (e.g.
	 * {@code onBackpressureLatest()}) or they miss signals.
	 */
	public Flux<UUID> changes() {
		return changes.changes();
	}

	long regionLoads() {
		return regionLoads.sum();
	}

	long tenantLoads() {
		return tenantLoads.sum();
	}

	private Mono<RegionCatalog> loadRegion(Region region) {
		return Mono.defer(() -> {
			regionLoads.increment();
			return groups.findNotDisabled()
				.filter(group -> AvailabilityRule.isCandidate(group, deployment.regions(), region))
				.sort(CatalogOrder.BY_NAME)
				.collectList()
				.map(candidates -> {
					List<ModelGroup> publicOnes = candidates.stream()
						.filter(group -> AvailabilityRule.isAvailable(group, deployment.regions(), region,
								GroupAccess.DEFAULT))
						.toList();
					return new RegionCatalog(region, deployment.regions(), candidates, encoder.encode(publicOnes));
				});
		});
	}

	private Mono<GroupList> loadTenant(UUID tenantId) {
		return Mono.defer(() -> {
			tenantLoads.increment();
			Mono<Map<UUID, GroupAccess>> overrides = groups.overrides(tenantId);
			return tenants.find(tenantId)
				.zipWith(overrides)
				.flatMap(tenantAndOverrides -> regionCatalogs.get(tenantAndOverrides.getT1().region())
					.map(catalog -> catalog.listFor(tenantAndOverrides.getT2(), encoder)));
		});
	}

}
