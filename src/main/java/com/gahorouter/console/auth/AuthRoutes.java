package com.gahorouter.console.auth;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Sign-in, sign-out and password reset under {@code /api/auth/*}, and {@code /api/me}.
 * Which of them are public is decided in the security rules.
 */
@Configuration(proxyBeanMethods = false)
class AuthRoutes {

	@Bean
	RouterFunction<ServerResponse> authRouter(AuthHandler handler) {
		return RouterFunctions.route()
			.POST("/api/auth/login", handler::login)
			.POST("/api/auth/logout", handler::logout)
			.POST("/api/auth/password-reset", handler::requestPasswordReset)
			.POST("/api/auth/password-reset/confirm", handler::confirmPasswordReset)
			.GET("/api/me", handler::me)
			.build();
	}

}
