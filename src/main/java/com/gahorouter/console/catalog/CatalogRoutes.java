package com.gahorouter.console.catalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /api/model-groups} (any tenant user), the operator's
 * {@code /api/admin/model-groups} and tenant grants and blocks (SYSTEM_ADMIN, by the
 * security rules).
 */
@Configuration(proxyBeanMethods = false)
class CatalogRoutes {

	/**
	 * NDJSON only when asked for by name: a wildcard or JSON-accepting client gets the
	 * JSON array.
	 */
	private static final RequestPredicate NDJSON_REQUESTED = request -> {
		var accepted = request.headers().accept();
		return accepted.stream().anyMatch(MediaType.APPLICATION_NDJSON::equalsTypeAndSubtype)
				&& accepted.stream().noneMatch(MediaType.APPLICATION_JSON::equalsTypeAndSubtype);
	};

	@Bean
	RouterFunction<ServerResponse> catalogRouter(CatalogHandler handler) {
		return RouterFunctions.route()
			.GET("/api/model-groups/events", handler::events)
			.GET("/api/model-groups", NDJSON_REQUESTED, handler::stream)
			.GET("/api/model-groups", handler::list)
			.GET("/api/admin/model-groups", handler::operatorList)
			.POST("/api/admin/model-groups", handler::create)
			.PUT("/api/admin/model-groups/{id}", handler::update)
			.PUT("/api/admin/tenants/{tenantId}/model-groups/{groupId}", handler::setAccess)
			.build();
	}

}
