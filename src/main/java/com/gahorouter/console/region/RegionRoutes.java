package com.gahorouter.console.region;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /api/tenant/region/**}, for the tenant admin only (security rules). */
@Configuration(proxyBeanMethods = false)
class RegionRoutes {

	@Bean
	RouterFunction<ServerResponse> regionRouter(RegionHandler handler) {
		return RouterFunctions.route()
			.GET("/api/tenant/region/precheck", handler::precheck)
			.PUT("/api/tenant/region", handler::changeRegion)
			.GET("/api/tenant/region/changes", handler::regionHistory)
			.build();
	}

}
