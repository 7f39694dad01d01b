package com.gahorouter.console.tenant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /api/tenant} for any member; {@code /api/tenant/region/**} for the tenant admin (security rules). */
@Configuration(proxyBeanMethods = false)
class TenantRoutes {

    @Bean
    RouterFunction<ServerResponse> tenantRouter(TenantHandler handler) {
        return RouterFunctions.route()
                .GET("/api/tenant", handler::tenant)
                .GET("/api/tenant/region/precheck", handler::precheck)
                .PUT("/api/tenant/region", handler::changeRegion)
                .GET("/api/tenant/region/changes", handler::regionHistory)
                .build();
    }
}
