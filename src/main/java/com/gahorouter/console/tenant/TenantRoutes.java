package com.gahorouter.console.tenant;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Self-registration ({@code /api/auth/config}, {@code /api/auth/register}, public),
 * {@code /api/tenant} for any member and {@code /api/admin/tenants} for the platform
 * operator (security rules).
 */
@Configuration(proxyBeanMethods = false)
class TenantRoutes {

	@Bean
	RouterFunction<ServerResponse> tenantRouter(TenantHandler tenants, RegistrationHandler registration) {
		return RouterFunctions.route()
			.GET("/api/auth/config", registration::config)
			.POST("/api/auth/register", registration::register)
			.GET("/api/tenant", tenants::tenant)
			.GET("/api/admin/tenants", tenants::tenants)
			.build();
	}

}
