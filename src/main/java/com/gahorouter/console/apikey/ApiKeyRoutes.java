package com.gahorouter.console.apikey;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /api/api-keys}: any signed-in tenant user; who sees which key is the service's
 * rule.
 */
@Configuration(proxyBeanMethods = false)
class ApiKeyRoutes {

	@Bean
	RouterFunction<ServerResponse> apiKeyRouter(ApiKeyHandler handler) {
		return RouterFunctions.route()
			.GET("/api/api-keys", handler::list)
			.POST("/api/api-keys", handler::create)
			.PUT("/api/api-keys/{id}", handler::update)
			.DELETE("/api/api-keys/{id}", handler::revoke)
			.POST("/api/api-keys/{id}/rotate", handler::rotate)
			.build();
	}

}
