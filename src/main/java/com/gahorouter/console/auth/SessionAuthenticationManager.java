package com.gahorouter.console.auth;

import java.util.List;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Turns a console bearer token into an authenticated {@link ConsoleUser} with its role as
 * authority.
 */
@Component
public class SessionAuthenticationManager implements ReactiveAuthenticationManager {

	private final SessionService sessions;

	public SessionAuthenticationManager(SessionService sessions) {
		this.sessions = sessions;
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String token = String.valueOf(authentication.getCredentials());
		return sessions.authenticate(token)
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown, expired or revoked token")))
			.map(user -> UsernamePasswordAuthenticationToken.authenticated(user, null,
					List.of(new SimpleGrantedAuthority(user.role().authority()))));
	}

}
