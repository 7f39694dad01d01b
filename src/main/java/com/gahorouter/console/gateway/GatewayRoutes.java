package com.gahorouter.console.gateway;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.Secrets;

import reactor.core.publisher.Mono;

/**
 * The data plane's endpoints. Without {@code gahorouter.gateway.token} they do not exist
 * (404). The {@code /internal} ones require that token as a bearer (compared in constant
 * time); {@code /v1/models} is authenticated by the API key it is called with.
 */
@Configuration(proxyBeanMethods = false)
class GatewayRoutes {

	@Bean
	RouterFunction<ServerResponse> gatewayRouter(GatewayHandler handler, GatewayProperties properties) {
		HandlerFilterFunction<ServerResponse, ServerResponse> enabled = (request, next) -> properties.enabled()
				? next.handle(request) : Mono.error(ApiException.notFound());
		HandlerFilterFunction<ServerResponse, ServerResponse> gatewayToken = (request, next) -> {
			String presented = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
			return Secrets.constantTimeEquals(presented, "Bearer " + properties.token()) ? next.handle(request)
					: Mono.error(new ApiException(ErrorCode.UNAUTHENTICATED, "Send the gateway token as a bearer."));
		};
		RouterFunction<ServerResponse> internal = RouterFunctions.route()
			.POST("/internal/key-checks", handler::checkKey)
			.POST("/internal/usage", handler::reportUsage)
			.POST("/internal/usage/batch", handler::reportUsageBatch)
			.filter(gatewayToken)
			.build();
		return RouterFunctions.route().add(internal).GET("/v1/models", handler::models).filter(enabled).build();
	}

}
