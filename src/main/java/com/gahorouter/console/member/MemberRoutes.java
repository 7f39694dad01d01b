package com.gahorouter.console.member;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@code /api/members}: tenant admin only (security rules). */
@Configuration(proxyBeanMethods = false)
class MemberRoutes {

	@Bean
	RouterFunction<ServerResponse> memberRouter(MemberHandler handler) {
		return RouterFunctions.route()
			.GET("/api/members", handler::list)
			.POST("/api/members", handler::add)
			.DELETE("/api/members/{id}", handler::remove)
			.build();
	}

}
