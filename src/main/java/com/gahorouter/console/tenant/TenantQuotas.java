package com.gahorouter.console.tenant;

import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

import reactor.core.publisher.Mono;

/**
 * The per-tenant quotas ({@link QuotaProperties}), checked race-safe: the tenant's row is
 * locked ({@code for no key update}) before the count, in the caller's transaction, so
 * concurrent inserts of one tenant wait for each other and the quota is never exceeded.
 * The caller inserts in the same transaction, after the check.
 */
@Component
public class TenantQuotas {

	/** The quotas, each with its setting and what it counts. */
	public enum Quota {

		API_KEYS("gahorouter.quota.api-keys-per-tenant", "API keys"),
		MEMBERS("gahorouter.quota.members-per-tenant", "members"),
		OPEN_INVITATIONS("gahorouter.quota.open-invitations-per-tenant", "open invitations");

		private final String setting;

		private final String counted;

		Quota(String setting, String counted) {
			this.setting = setting;
			this.counted = counted;
		}

	}

	private final TenantRepository tenants;

	private final QuotaProperties properties;

	TenantQuotas(TenantRepository tenants, QuotaProperties properties) {
		this.tenants = tenants;
		this.properties = properties;
	}

	/**
	 * Locks the tenant's row, then fails with {@code QUOTA_EXCEEDED} when {@code count}
	 * (run under the lock) has reached the quota; joins the caller's transaction, which
	 * must be open.
	 */
	public Mono<Void> requireRoom(UUID tenantId, Quota quota, Supplier<Mono<Long>> count) {
		int limit = limit(quota);
		return tenants.lockForQuota(tenantId)
			.then(Mono.defer(count))
			.flatMap(current -> current < limit ? Mono.<Void>empty()
					: Mono
						.error(new ApiException(ErrorCode.QUOTA_EXCEEDED, "Your organisation has reached its quota of "
								+ limit + " " + quota.counted + " (" + quota.setting + ").")));
	}

	private int limit(Quota quota) {
		return switch (quota) {
			case API_KEYS -> properties.apiKeysPerTenant();
			case MEMBERS -> properties.membersPerTenant();
			case OPEN_INVITATIONS -> properties.openInvitationsPerTenant();
		};
	}

}
