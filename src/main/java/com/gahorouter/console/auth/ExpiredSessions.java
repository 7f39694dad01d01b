package com.gahorouter.console.auth;

import java.time.Instant;

import org.springframework.stereotype.Component;

import com.gahorouter.console.system.ExpiredRows;

import reactor.core.publisher.Mono;

/**
 * Sessions that expired, were revoked or went idle before the purge's cut-off. A deleted
 * session is refused like a revoked one: its token finds nothing.
 */
@Component
class ExpiredSessions implements ExpiredRows {

	private final SessionRepository sessions;

	private final AuthProperties properties;

	ExpiredSessions(SessionRepository sessions, AuthProperties properties) {
		this.sessions = sessions;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "sessions";
	}

	@Override
	public Mono<Long> deleteExpired(Instant deadBefore, int batch) {
		return sessions.deleteDead(deadBefore, deadBefore.minus(properties.sessionIdleTimeout()), batch);
	}

}
