package com.gahorouter.console.auth;

import java.time.Duration;
import java.util.List;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

import com.gahorouter.console.system.RateLimiter;

import reactor.core.publisher.Mono;

/**
 * Turns a console bearer token into an authenticated {@link ConsoleUser} with its role as
 * authority. Unknown, expired or revoked tokens are limited per client IP
 * ({@code gahorouter.rate-limit.unknown-tokens-per-ip} a minute): a lookup takes one from
 * the IP's limit first and gives it back when the token is live, so a client that guesses
 * tokens gets 429 {@code RATE_LIMITED} without another lookup.
 */
@Component
public class SessionAuthenticationManager implements ReactiveAuthenticationManager {

	private final SessionService sessions;

	private final RateLimiter unknownTokens;

	public SessionAuthenticationManager(SessionService sessions, RateLimitProperties limits) {
		this.sessions = sessions;
		this.unknownTokens = new RateLimiter("unknown-tokens-per-ip", limits.unknownTokensPerIp(),
				Duration.ofMinutes(1));
	}

	@Override
	public Mono<Authentication> authenticate(Authentication authentication) {
		String token = String.valueOf(authentication.getCredentials());
		String clientIp = authentication.getDetails() instanceof String address ? address : "unknown";
		return unknownTokens.consume(clientIp)
			.then(Mono.defer(() -> sessions.authenticate(token)))
			.doOnNext(user -> unknownTokens.refund(clientIp))
			.switchIfEmpty(Mono.error(() -> new BadCredentialsException("Unknown, expired or revoked token")))
			.map(user -> UsernamePasswordAuthenticationToken.authenticated(user, null,
					List.of(new SimpleGrantedAuthority(user.role().authority()))));
	}

}
