package com.gahorouter.console.apikey;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records when keys were last used without a write per key check: checks only note the
 * time in memory, and once a second one statement writes every key noted since (so
 * {@code lastUsedAt} lags by up to a second).
 */
@Component
public class KeyUsageTracker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(KeyUsageTracker.class);

	private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

	private final ApiKeyRepository keys;

	private final Map<UUID, Instant> pending = new ConcurrentHashMap<>();

	private volatile Disposable flusher;

	KeyUsageTracker(ApiKeyRepository keys) {
		this.keys = keys;
	}

	/** Notes that the key was used now; written with the next flush. */
	public void markUsed(UUID keyId) {
		pending.put(keyId, Instant.now());
	}

	/** Writes what has been noted; runs every second, and once more at shutdown. */
	Mono<Void> flush() {
		if (pending.isEmpty()) {
			return Mono.empty();
		}
		Map<UUID, Instant> batch = Map.copyOf(pending);
		batch.forEach(pending::remove);
		return keys.recordLastUse(batch);
	}

	@Override
	public void start() {
		flusher = Flux.interval(FLUSH_INTERVAL).onBackpressureDrop().concatMap(tick -> flush().onErrorResume(error -> {
			log.warn("Could not record key usage times: {}", error.toString());
			return Mono.empty();
		})).subscribe();
	}

	@Override
	public void stop() {
		if (flusher != null) {
			flusher.dispose();
		}
		flush().block(Duration.ofSeconds(5));
	}

	@Override
	public boolean isRunning() {
		return flusher != null && !flusher.isDisposed();
	}

}
