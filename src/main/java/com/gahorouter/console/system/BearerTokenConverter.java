package com.gahorouter.console.system;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <token>}; without that header the request stays
 * anonymous. The client's address ({@link ClientAddress}) goes along as the
 * authentication's details, for limits on unknown tokens per IP.
 */
class BearerTokenConverter implements ServerAuthenticationConverter {

	private static final String PREFIX = "Bearer ";

	@Override
	public Mono<Authentication> convert(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
			return Mono.empty();
		}
		String token = header.substring(PREFIX.length()).trim();
		UsernamePasswordAuthenticationToken authentication = UsernamePasswordAuthenticationToken.unauthenticated(null,
				token);
		authentication.setDetails(ClientAddress.of(exchange.getRequest()));
		return Mono.just(authentication);
	}

}
