package com.gahorouter.console.billing;

import java.time.Duration;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.tenant.TenantService;
import com.gahorouter.console.system.ChangeNotifications.Change;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Whether a tenant has credit (balance above zero), as the key check asks on every call:
 * cached per tenant ({@code tenant-credit}) and evicted whenever a ledger entry moves the
 * balance across zero. The database announces each crossing on commit (a trigger on
 * {@code ledger_entries}, topic {@value #BALANCE_TOPIC}), so every replica hears it
 * whoever appended; the appender's own replica also evicts at once after commit.
 */
@Service
public class CreditStatus implements DisposableBean {

	/**
	 * The {@link Change} topic of a balance crossing zero; its id is the tenant id (sent
	 * by V3's trigger).
	 */
	static final String BALANCE_TOPIC = "balance";

	private final TenantService tenants;

	private final ChangeNotifications notifications;

	private final AsyncCache<UUID, Boolean> cache;

	private final Disposable evictions;

	public CreditStatus(TenantService tenants, ChangeNotifications notifications, MeterRegistry meters) {
		this.tenants = tenants;
		this.notifications = notifications;
		this.cache = Caffeine.newBuilder()
			.maximumSize(100_000)
			.expireAfterWrite(Duration.ofMinutes(10))
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(meters, cache, "tenant-credit");
		this.evictions = notifications.onChange(this::evict);
	}

	public Mono<Boolean> hasCredit(UUID tenantId) {
		if (!notifications.isListening()) {
			return load(tenantId);
		}
		return Mono.fromFuture(() -> cache.get(tenantId, (id, executor) -> load(id).toFuture()), true);
	}

	/**
	 * Forgets the tenant's state; called after a transaction that moved its balance
	 * across zero commits.
	 */
	public void forget(UUID tenantId) {
		cache.synchronous().invalidate(tenantId);
	}

	private Mono<Boolean> load(UUID tenantId) {
		return tenants.find(tenantId).map(tenant -> tenant.balance().signum() > 0);
	}

	private void evict(Change change) {
		if (change.isResync()) {
			cache.synchronous().invalidateAll();
		}
		else if (BALANCE_TOPIC.equals(change.topic())) {
			forget(change.id());
		}
	}

	@Override
	public void destroy() {
		evictions.dispose();
	}

}
