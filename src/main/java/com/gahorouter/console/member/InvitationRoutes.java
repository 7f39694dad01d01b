package com.gahorouter.console.member;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /api/invitations}: create, list and revoke are the tenant admin's; preview and
 * accept by token are public (security rules).
 */
@Configuration(proxyBeanMethods = false)
class InvitationRoutes {

	@Bean
	RouterFunction<ServerResponse> invitationRouter(InvitationHandler handler) {
		return RouterFunctions.route()
			.POST("/api/invitations", handler::create)
			.GET("/api/invitations", handler::list)
			.DELETE("/api/invitations/{id}", handler::revoke)
			.GET("/api/invitations/{token}", handler::preview)
			.POST("/api/invitations/{token}/accept", handler::accept)
			.build();
	}

}
