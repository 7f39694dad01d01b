package com.gahorouter.console.tenant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Per-tenant quotas; reaching one answers {@code 409 QUOTA_EXCEEDED} naming it.
 *
 * @param apiKeysPerTenant keys a tenant may hold that are not revoked (a revoked key
 * frees its place)
 * @param membersPerTenant users of a tenant, its admin included (manual additions and
 * invitation accepts)
 * @param openInvitationsPerTenant invitation links that are neither expired, revoked nor
 * used up
 */
@ConfigurationProperties("gahorouter.quota")
public record QuotaProperties(@DefaultValue("10000") int apiKeysPerTenant, @DefaultValue("1000") int membersPerTenant,
		@DefaultValue("100") int openInvitationsPerTenant) {

	public QuotaProperties {
		if (apiKeysPerTenant < 1 || membersPerTenant < 1 || openInvitationsPerTenant < 1) {
			throw new IllegalArgumentException("gahorouter.quota.* must be at least 1");
		}
	}

}
