package com.gahorouter.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.ChangeNotifications.Change;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.CoherentCache;
import com.gahorouter.console.system.Secrets;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Console sessions: opaque bearer tokens (32 random bytes, base64url) of which only the
 * SHA-256 is stored. A session expires after {@code session-idle-timeout} unused and
 * {@code session-absolute-timeout} after sign-in. Lookups go through a
 * {@link CoherentCache} ({@code sessions}); every revocation evicts from it before it
 * answers, so a revoked token is refused by the very next request to this server, and
 * announces itself in its transaction ({@link ChangeNotifications}) so every other
 * replica evicts it too. Evictions are final: neither a lookup in flight nor the
 * {@code last_seen_at} update of a concurrent request brings a revoked session back.
 */
@Service
public class SessionService implements DisposableBean {

	/** A {@link Change} of one session (logout); its id is the session id. */
	static final String SESSION_TOPIC = "session";

	/**
	 * A {@link Change} of all of a user's sessions (password reset, removal); its id is
	 * the user id.
	 */
	static final String USER_SESSIONS_TOPIC = "user-sessions";

	/**
	 * How stale {@code last_seen_at} may get before a request writes it again: one write
	 * per session per minute.
	 */
	private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

	private static final int TOKEN_BYTES = 32;

	/**
	 * How long a token hash that found no live session is answered from memory. Safe:
	 * tokens are 256 random bits the server generates and shows only after storing their
	 * hash, so a hash that missed can never become a live session later (and a revoked
	 * one never comes back); a client repeating a stale or guessed token costs no query.
	 */
	private static final Duration MISSES_REMEMBERED = Duration.ofSeconds(5);

	private final SessionRepository sessions;

	private final AuthProperties properties;

	private final Clock clock;

	private final ChangeNotifications notifications;

	private final TransactionalOperator transaction;

	/** Sessions by token hash; revocations evict by session id or user id. */
	private final CoherentCache<String, Session> cache;

	SessionService(SessionRepository sessions, AuthProperties properties, MeterRegistry meters,
			ChangeNotifications notifications, TransactionalOperator transaction) {
		this.sessions = sessions;
		this.properties = properties;
		this.clock = Clock.systemUTC();
		this.notifications = notifications;
		this.transaction = transaction;
		// Expiry is only a safety net: revocations evict explicitly (and, across
		// replicas, by notification).
		this.cache = CoherentCache.named("sessions", sessions::findUnrevoked)
			.maximumSize(50_000)
			.rememberMisses(MISSES_REMEMBERED)
			.expireAfterWrite(Duration.ofMinutes(5))
			.onChange(SESSION_TOPIC, this::forgetSession)
			.onChange(USER_SESSIONS_TOPIC, this::forgetUser)
			.build(meters, notifications);
	}

	/**
	 * Opens a session for the user and returns its token (shown once; only its hash is
	 * stored).
	 */
	public Mono<String> open(UUID userId) {
		String token = Secrets.randomToken(TOKEN_BYTES);
		Instant now = clock.instant();
		return sessions
			.insert(Secrets.newId(), Secrets.sha256Hex(token), userId, now,
					now.plus(properties.sessionAbsoluteTimeout()))
			.thenReturn(token);
	}

	/**
	 * The user of a live session token; empty when the token is unknown, expired or
	 * revoked.
	 */
	public Mono<ConsoleUser> authenticate(String token) {
		String hash = Secrets.sha256Hex(token);
		return cache.get(hash).flatMap(session -> {
			Instant now = clock.instant();
			if (!session.isLive(now, properties.sessionIdleTimeout())) {
				cache.invalidate(hash);
				return Mono.empty();
			}
			if (session.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
				return touch(hash, session, now);
			}
			return Mono.just(session.user());
		});
	}

	/**
	 * Completes when the user's session ends: revoked (logout, password change, removal:
	 * the notices reach every replica), past its absolute expiry, or when this replica
	 * may have missed notices (a resync); at once when it has ended already. What a
	 * long-lived answer (an event stream) ends with.
	 */
	public Mono<Void> ended(ConsoleUser user) {
		Mono<Void> revoked = notifications.changes()
			.filter(change -> change.isResync()
					|| SESSION_TOPIC.equals(change.topic()) && user.sessionId().equals(change.id())
					|| USER_SESSIONS_TOPIC.equals(change.topic()) && user.userId().equals(change.id()))
			.next()
			.then();
		Mono<Void> expired = sessions.findExpiry(user.sessionId())
			.flatMap(expiresAt -> Mono.delay(Duration.between(clock.instant(), expiresAt).isNegative() ? Duration.ZERO
					: Duration.between(clock.instant(), expiresAt)))
			.then();
		return Mono.firstWithSignal(revoked, expired);
	}

	/** Revokes one session (logout), on every replica. */
	public Mono<Void> revoke(UUID sessionId) {
		return sessions.revoke(sessionId)
			.then(notifications.publish(new Change(SESSION_TOPIC, sessionId)))
			.as(transaction::transactional)
			.then(Mono.fromRunnable(() -> forgetSession(sessionId)));
	}

	/**
	 * Revokes every session of the user (password change). Joins the caller's
	 * transaction; the caller calls {@link #forgetUser} after it commits.
	 */
	Mono<Void> revokeAll(UUID userId) {
		return sessions.revokeAllOf(userId).then(announceSignedOut(userId));
	}

	/**
	 * Tells every replica that the user's sessions have ended (their account was
	 * removed). Joins the caller's transaction; the caller calls {@link #forgetUser}
	 * after it commits.
	 */
	public Mono<Void> announceSignedOut(UUID userId) {
		return notifications.publish(new Change(USER_SESSIONS_TOPIC, userId));
	}

	/**
	 * Drops the user's sessions from this server's cache, and every lookup in flight;
	 * call after the revoking transaction commits.
	 */
	public void forgetUser(UUID userId) {
		cache.invalidateIf(session -> session.user().userId().equals(userId));
	}

	private void forgetSession(UUID sessionId) {
		cache.invalidateIf(session -> session.user().sessionId().equals(sessionId));
	}

	/**
	 * Writes {@code last_seen_at}, then updates the cached session only if it is still
	 * cached: a revocation meanwhile stays final.
	 */
	private Mono<ConsoleUser> touch(String hash, Session session, Instant now) {
		return sessions.touch(session.user().sessionId(), now)
			.then(Mono.fromRunnable(() -> cache.refresh(hash, cached -> cached.seenAt(now))))
			.thenReturn(session.user());
	}

	@Override
	public void destroy() {
		cache.dispose();
	}

}
