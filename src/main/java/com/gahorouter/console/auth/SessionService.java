package com.gahorouter.console.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.Secrets;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;

import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.ChangeNotifications.Change;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.r2dbc.spi.Readable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Console sessions: opaque bearer tokens (32 random bytes, base64url) of which only the
 * SHA-256 is stored. A session expires after {@code session-idle-timeout} unused and
 * {@code session-absolute-timeout} after sign-in. Lookups go through a small Caffeine
 * cache ({@code sessions}); every revocation evicts from it before it answers, so a
 * revoked token is refused by the very next request to this server, and announces itself
 * in its transaction ({@link ChangeNotifications}) so every other replica evicts it too.
 * While notifications are not being received, lookups bypass the cache.
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

	private final DatabaseClient db;

	private final AuthProperties properties;

	private final Clock clock;

	private final AsyncCache<String, CachedSession> cache;

	private final ChangeNotifications notifications;

	private final TransactionalOperator transaction;

	private final Disposable evictions;

	public SessionService(DatabaseClient db, AuthProperties properties, MeterRegistry meters,
			ChangeNotifications notifications, TransactionalOperator transaction) {
		this.transaction = transaction;
		this.db = db;
		this.notifications = notifications;
		this.properties = properties;
		this.clock = Clock.systemUTC();
		// Expiry is only a safety net: revocations evict explicitly (and, across
		// replicas, by notification).
		this.cache = Caffeine.newBuilder()
			.maximumSize(50_000)
			.expireAfterWrite(Duration.ofMinutes(5))
			.recordStats()
			.buildAsync();
		CaffeineCacheMetrics.monitor(meters, cache, "sessions");
		this.evictions = notifications.onChange(this::evict);
	}

	/**
	 * Opens a session for the user and returns its token (shown once; only its hash is
	 * stored).
	 */
	public Mono<String> open(UUID userId) {
		String token = Secrets.randomToken(TOKEN_BYTES);
		Instant now = clock.instant();
		return db
			.sql("insert into sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at) "
					+ "values (:id, :hash, :userId, :now, :now, :expiresAt)")
			.bind("id", Secrets.newId())
			.bind("hash", Secrets.sha256Hex(token))
			.bind("userId", userId)
			.bind("now", now)
			.bind("expiresAt", now.plus(properties.sessionAbsoluteTimeout()))
			.then()
			.thenReturn(token);
	}

	/**
	 * The user of a live session token; empty when the token is unknown, expired or
	 * revoked.
	 */
	public Mono<ConsoleUser> authenticate(String token) {
		String hash = Secrets.sha256Hex(token);
		Mono<CachedSession> lookup = notifications.isListening()
				? Mono.fromFuture(() -> cache.get(hash, (key, executor) -> load(key).toFuture()), true) : load(hash);
		return lookup.flatMap(session -> {
			Instant now = clock.instant();
			if (!session.isLive(now, properties.sessionIdleTimeout())) {
				cache.synchronous().invalidate(hash);
				return Mono.empty();
			}
			if (session.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
				return touch(hash, session, now);
			}
			return Mono.just(session.user());
		});
	}

	/** Revokes one session (logout), on every replica. */
	public Mono<Void> revoke(UUID sessionId) {
		return db.sql("update sessions set revoked_at = now() where id = :id and revoked_at is null")
			.bind("id", sessionId)
			.then()
			.then(notifications.publish(new Change(SESSION_TOPIC, sessionId)))
			.as(transaction::transactional)
			.then(Mono.fromRunnable(() -> forgetSession(sessionId)));
	}

	/**
	 * Revokes every session of the user (password change). Joins the caller's
	 * transaction.
	 */
	Mono<Void> revokeAll(UUID userId) {
		return db.sql("update sessions set revoked_at = now() where user_id = :userId and revoked_at is null")
			.bind("userId", userId)
			.then()
			.then(announceSignedOut(userId));
	}

	/**
	 * Tells every replica that the user's sessions have ended (their account was
	 * removed). Joins the caller's transaction; the caller calls {@link #forgetUser}
	 * after it commits.
	 */
	public Mono<Void> announceSignedOut(UUID userId) {
		return notifications.publish(new Change(USER_SESSIONS_TOPIC, userId));
	}

	private void evict(Change change) {
		if (change.isResync()) {
			cache.synchronous().invalidateAll();
		}
		else if (SESSION_TOPIC.equals(change.topic())) {
			forgetSession(change.id());
		}
		else if (USER_SESSIONS_TOPIC.equals(change.topic())) {
			forgetUser(change.id());
		}
	}

	@Override
	public void destroy() {
		evictions.dispose();
	}

	/**
	 * Drops the user's sessions from this server's cache; call after the revoking
	 * transaction commits.
	 */
	public void forgetUser(UUID userId) {
		cache.synchronous().asMap().values().removeIf(session -> session.user().userId().equals(userId));
	}

	private void forgetSession(UUID sessionId) {
		cache.synchronous().asMap().values().removeIf(session -> session.user().sessionId().equals(sessionId));
	}

	private Mono<ConsoleUser> touch(String hash, CachedSession session, Instant now) {
		CachedSession touched = new CachedSession(session.user(), now, session.expiresAt());
		return db.sql("update sessions set last_seen_at = :now where id = :id")
			.bind("now", now)
			.bind("id", session.user().sessionId())
			.then()
			.then(Mono.fromRunnable(() -> cache.put(hash, CompletableFuture.completedFuture(touched))))
			.thenReturn(session.user());
	}

	private Mono<CachedSession> load(String hash) {
		return db
			.sql("select s.id as session_id, s.last_seen_at, s.expires_at, "
					+ "u.id as user_id, u.tenant_id, u.email, u.name, u.role "
					+ "from sessions s join users u on u.id = s.user_id "
					+ "where s.token_hash = :hash and s.revoked_at is null")
			.bind("hash", hash)
			.map(SessionService::toCachedSession)
			.one();
	}

	private static CachedSession toCachedSession(Readable row) {
		ConsoleUser user = new ConsoleUser(row.get("user_id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("email", String.class), row.get("name", String.class),
				Role.valueOf(row.get("role", String.class)), row.get("session_id", UUID.class));
		return new CachedSession(user, row.get("last_seen_at", Instant.class), row.get("expires_at", Instant.class));
	}

	/** What the cache keeps of a live session. */
	private record CachedSession(ConsoleUser user, Instant lastSeenAt, Instant expiresAt) {

		boolean isLive(Instant now, Duration idleTimeout) {
			return now.isBefore(expiresAt) && now.isBefore(lastSeenAt.plus(idleTimeout));
		}
	}

}
