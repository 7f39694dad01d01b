package com.gahorouter.console.catalog;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import com.gahorouter.console.tenant.Region;

/**
 * What this deployment serves: the first filter of the available groups.
 *
 * @param regions service regions whose model groups this deployment offers (default
 * both); at least one
 */
@ConfigurationProperties("gahorouter.deployment")
public record DeploymentProperties(@DefaultValue( {
		"CN", "OVERSEAS" }) Set<Region> regions){

	public DeploymentProperties {
		if (regions == null || regions.isEmpty()) {
			throw new IllegalArgumentException("gahorouter.deployment.regions must name at least one of CN, OVERSEAS");
		}
		regions = Set.copyOf(EnumSet.copyOf(regions));
	}
}
