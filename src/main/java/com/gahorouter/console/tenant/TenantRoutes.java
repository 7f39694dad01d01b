package com.gahorouter.console.tenant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /api/tenant}: the signed-in user's tenant. */
@Configuration(proxyBeanMethods = false)
class TenantRoutes {

    @Bean
    RouterFunction<ServerResponse> tenantRouter(TenantHandler handler) {
        return RouterFunctions.route()
                .GET("/api/tenant", handler::tenant)
                .build();
    }
}
