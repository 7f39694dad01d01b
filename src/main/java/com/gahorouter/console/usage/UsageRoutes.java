package com.gahorouter.console.usage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /api/usage} and {@code /api/dashboard}: any signed-in tenant user (the operator
 * has no tenant: 404).
 */
@Configuration(proxyBeanMethods = false)
class UsageRoutes {

	@Bean
	RouterFunction<ServerResponse> usageRouter(UsageHandler handler) {
		return RouterFunctions.route()
			.GET("/api/usage/export", handler::export)
			.GET("/api/usage", handler::usage)
			.GET("/api/dashboard", handler::dashboard)
			.build();
	}

}
