package com.gahorouter.console.usage;

import java.time.Clock;
import java.util.UUID;

import org.springframework.stereotype.Service;

import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.catalog.ModelGroupView;
import com.gahorouter.console.system.Money;
import com.gahorouter.console.tenant.TenantService;
import com.gahorouter.console.tenant.TenantSummary;

import reactor.core.publisher.Mono;

/**
 * The console's first page: the tenant, its balance, its available groups and its usage
 * of the last 24 hours, read concurrently (the tenant row, which carries the balance; the
 * cached available groups; one aggregate over the rollups). It keeps no cache of its own:
 * the available groups come from {@link AvailableGroups} every time, so a region change
 * or an operator's edit shows on the next request.
 */
@Service
public class DashboardService {

	private final TenantService tenants;

	private final AvailableGroups available;

	private final UsageStatistics usage;

	private final Clock clock = Clock.systemUTC();

	public DashboardService(TenantService tenants, AvailableGroups available, UsageStatistics usage) {
		this.tenants = tenants;
		this.available = available;
		this.usage = usage;
	}

	/** The tenant's dashboard; {@code NOT_FOUND} for an unknown tenant. */
	public Mono<Dashboard> dashboard(UUID tenantId) {
		return Mono.defer(() -> Mono
			.zip(tenants.find(tenantId), available.forTenant(tenantId),
					usage.byGroupId(tenantId, UsageRange.last24Hours(clock.instant())))
			.map(parts -> new Dashboard(TenantSummary.of(parts.getT1()), Money.format(parts.getT1().balance()),
					parts.getT2().groups().stream().map(ModelGroupView::of).toList(),
					new Dashboard.Usage(UsageTotals.of(parts.getT3()),
							UsageStatistics.byAvailableGroup(parts.getT3(), parts.getT2())))));
	}

}
