package com.gahorouter.console.billing;

import java.time.Duration;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;

import com.gahorouter.console.system.ChangeNotifications.Change;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.CoherentCache;
import com.gahorouter.console.tenant.TenantService;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Whether a tenant has credit (balance above zero), as the key check asks on every call:
 * cached per tenant in a {@link CoherentCache} ({@code tenant-credit}) and evicted
 * whenever a ledger entry moves the balance across zero. The database announces each
 * crossing on commit (a trigger on {@code ledger_entries}, topic
 * {@value #BALANCE_TOPIC}), so every replica hears it whoever appended; the appender's
 * own replica also evicts at once after commit.
 */
@Service
public class CreditStatus implements DisposableBean {

	/**
	 * The {@link Change} topic of a balance crossing zero; its id is the tenant id (sent
	 * by V3's trigger).
	 */
	static final String BALANCE_TOPIC = "balance";

	private final TenantService tenants;

	private final CoherentCache<UUID, Boolean> cache;

	CreditStatus(TenantService tenants, ChangeNotifications notifications, MeterRegistry meters) {
		this.tenants = tenants;
		this.cache = CoherentCache.named("tenant-credit", this::load)
			.maximumSize(100_000)
			.expireAfterWrite(Duration.ofMinutes(10))
			.onChange(BALANCE_TOPIC, this::forget)
			.build(meters, notifications);
	}

	/**
	 * Whether the tenant's balance is above zero; {@code NOT_FOUND} for no such tenant.
	 */
	public Mono<Boolean> hasCredit(UUID tenantId) {
		return cache.get(tenantId);
	}

	/**
	 * Whether the tenant has credit, if that is cached now; else {@code null} (then
	 * {@link #hasCredit}).
	 */
	public Boolean hasCreditIfLoaded(UUID tenantId) {
		return cache.getIfLoaded(tenantId);
	}

	/**
	 * Forgets the tenant's state (a load in flight too); called after a transaction that
	 * moved its balance across zero commits.
	 */
	void forget(UUID tenantId) {
		cache.invalidate(tenantId);
	}

	private Mono<Boolean> load(UUID tenantId) {
		return tenants.find(tenantId).map(tenant -> tenant.balance().signum() > 0);
	}

	@Override
	public void destroy() {
		cache.dispose();
	}

}
