package com.gahorouter.console.system;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * Who may call what. Console requests carry a session bearer token (resolved by the
 * {@link ReactiveAuthenticationManager} the auth feature provides); the gateway's
 * {@code /internal} and {@code /v1} routes and the payment webhooks authenticate
 * themselves ({@code /internal} in a chain of its own). No HTTP session, no CSRF (no
 * cookies), security headers on, and 401/403 written as problem+json like every other
 * error.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

	private static final String TENANT_ADMIN = "TENANT_ADMIN";

	private static final String SYSTEM_ADMIN = "SYSTEM_ADMIN";

	/**
	 * The gateway's {@code /internal/**} routes authenticate themselves (the gateway
	 * token; see {@code gateway.GatewayRoutes}), are called by a server, never by a
	 * browser, and carry the hottest path of the system (the key check). So their chain
	 * has none of the console's filters: no session bearer, no authorisation rules, no
	 * CORS, no browser security headers; only what every chain has (the firewall and the
	 * exchange in the Reactor context).
	 */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain gatewayWebFilterChain(ServerHttpSecurity http) {
		return stateless(http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/internal/**")))
			.headers(ServerHttpSecurity.HeaderSpec::disable)
			.build();
	}

	/**
	 * No observations of Spring Security's own (a timer around the chain, every filter,
	 * the authentication and the authorization): they feed no dashboard or alert here,
	 * and their decorators wrapped every filter of every request, a measurable share of
	 * the gateway's hot paths (JFR). {@code http.server.requests} still times every
	 * request.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Everything else: the console's API, its pages, the docs and Actuator. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ReactiveAuthenticationManager sessions,
			ProblemWriter problems, CorsProperties cors) {
		AuthenticationWebFilter bearer = new AuthenticationWebFilter(sessions);
		bearer.setServerAuthenticationConverter(new BearerTokenConverter());
		bearer.setRequiresAuthenticationMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"));
		bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
		bearer.setAuthenticationFailureHandler((exchange, error) -> problems.write(exchange.getExchange(),
				ErrorCode.UNAUTHENTICATED, "The session token is unknown, expired or revoked."));

		return stateless(http).cors(spec -> spec.configurationSource(corsSource(cors)))
			.exceptionHandling(handling -> handling
				.authenticationEntryPoint((exchange, error) -> problems.write(exchange, ErrorCode.UNAUTHENTICATED,
						"Sign in first: send Authorization: Bearer <session token>."))
				.accessDeniedHandler((exchange, error) -> problems.write(exchange, ErrorCode.FORBIDDEN,
						"Your role may not do this.")))
			.addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
			.authorizeExchange(rules -> rules.pathMatchers("/v1/**")
				.permitAll()
				.pathMatchers(HttpMethod.OPTIONS)
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/auth/config")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/auth/register", "/api/auth/login", "/api/auth/password-reset",
						"/api/auth/password-reset/confirm")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/invitations/*")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/invitations/*/accept")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/billing/webhooks/*")
				.permitAll()
				.pathMatchers("/api/admin/**")
				.hasRole(SYSTEM_ADMIN)
				.pathMatchers("/api/members/**", "/api/invitations/**", "/api/tenant/region/**", "/api/audit-log",
						"/api/tenant/alerts/**", "/api/tenant/alerts")
				.hasRole(TENANT_ADMIN)
				.pathMatchers(HttpMethod.POST, "/api/billing/top-ups")
				.hasRole(TENANT_ADMIN)
				.pathMatchers("/api/**")
				.authenticated()
				// Actuator, OpenAPI, the console's pages and unknown paths (404).
				.anyExchange()
				.permitAll())
			.build();
	}

	/**
	 * What both chains share: no cookies, so no CSRF; no HTTP basic, form login, logout
	 * page or anonymous user; nothing kept between requests (no session, no saved
	 * request).
	 */
	private static ServerHttpSecurity stateless(ServerHttpSecurity http) {
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()));
	}

	private static UrlBasedCorsConfigurationSource corsSource(CorsProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-None-Match", "Accept"));
		cors.setExposedHeaders(List.of("ETag", "Retry-After", "Location"));
		cors.setMaxAge(3600L);
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/**", cors);
		return source;
	}

}
