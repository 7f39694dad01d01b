package com.gahorouter.console.catalog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The available-groups caches. Edits evict them explicitly; the expiry is only a safety
 * net.
 *
 * @param maxCachedTenants how many tenants' resolved lists this server keeps (least
 * recently used go first)
 * @param cacheTtl how long a cached list or region catalog lives at most
 * @param heartbeat interval of the comment heartbeat on {@code /api/model-groups/events}
 */
@ConfigurationProperties("gahorouter.catalog")
public record CatalogProperties(@DefaultValue("100000") long maxCachedTenants, @DefaultValue("10m") Duration cacheTtl,
		@DefaultValue("15s") Duration heartbeat) {

	public CatalogProperties {
		if (maxCachedTenants < 1 || cacheTtl.isNegative() || cacheTtl.isZero() || heartbeat.isNegative()
				|| heartbeat.isZero()) {
			throw new IllegalArgumentException("gahorouter.catalog.* must be positive");
		}
	}
}
