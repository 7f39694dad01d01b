package com.gahorouter.console.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import com.gahorouter.console.system.ChangeNotifications.Change;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The one cache building block: a bounded Caffeine {@link AsyncCache} kept coherent
 * across replicas by {@link ChangeNotifications}.
 *
 * <ul>
 * <li><b>One load per key</b>: concurrent misses share one load; a cancelled caller does
 * not cancel it.</li>
 * <li><b>Read through while deaf</b>: while change notices are not being received
 * ({@link ChangeNotifications#isListening()}), every read goes to the loader and nothing
 * is cached, because an eviction could be missed.</li>
 * <li><b>Eviction by notice topic</b>: each topic registered with
 * {@link Builder#onChange} runs its action with the notice's id; a {@link Change#RESYNC}
 * (after every reconnect) drops everything.</li>
 * <li><b>Evictions are final</b>: {@link #invalidateIf} also drops loads still in flight
 * (they may have read the database before the change committed), and {@link #refresh}
 * only replaces an entry that is still cached, so neither a racing load nor a racing
 * update can bring back what a revocation evicted.</li>
 * <li><b>Misses remembered, if asked</b> ({@link Builder#rememberMisses}): a key whose
 * load found nothing answers empty for a few seconds without loading.</li>
 * <li><b>Metrics</b>: Caffeine's statistics under {@code cache.*{cache=name}}.</li>
 * </ul>
 * The owner disposes it when it is destroyed, which stops listening for notices.
 */
public final class CoherentCache<K, V> implements Disposable {

	private final String name;

	private final AsyncCache<K, V> cache;

	/**
	 * The cache's statistics, held so that {@link #getIfLoaded} (which reads the map
	 * view, where Caffeine records nothing) counts its hits.
	 */
	private final StatsCounter stats = new ConcurrentStatsCounter();

	private final Function<K, Mono<V>> loader;

	/** Keys whose load found nothing, briefly; null when misses are not remembered. */
	private final Cache<K, Boolean> misses;

	private final ChangeNotifications notifications;

	private final Disposable listener;

	private CoherentCache(Builder<K, V> builder, MeterRegistry meters, ChangeNotifications notifications) {
		this.name = builder.name;
		this.loader = builder.loader;
		this.notifications = notifications;
		this.cache = Caffeine.newBuilder()
			.maximumSize(builder.maximumSize)
			.expireAfterWrite(builder.expireAfterWrite)
			.recordStats(() -> stats)
			.buildAsync();
		CaffeineCacheMetrics.monitor(meters, cache, name);
		if (builder.rememberMisses == null) {
			this.misses = null;
		}
		else {
			this.misses = Caffeine.newBuilder()
				.maximumSize(builder.maximumSize)
				.expireAfterWrite(builder.rememberMisses)
				.recordStats()
				.build();
			CaffeineCacheMetrics.monitor(meters, misses, name + "-misses");
		}
		Map<String, Consumer<UUID>> actions = new LinkedHashMap<>(builder.actions);
		List<Runnable> afterResync = new ArrayList<>(builder.afterResync);
		this.listener = notifications.onChange(change -> {
			if (change.isResync()) {
				invalidateAll();
				afterResync.forEach(Runnable::run);
			}
			else {
				Consumer<UUID> action = actions.get(change.topic());
				if (action != null) {
					action.accept(change.id());
				}
			}
		});
	}

	/**
	 * Starts a cache named {@code name} (its metric tag) whose misses call
	 * {@code loader}.
	 */
	public static <K, V> Builder<K, V> named(String name, Function<K, Mono<V>> loader) {
		return new Builder<>(name, loader);
	}

	/**
	 * The cached value, or the loader's (shared by concurrent misses); read through while
	 * notices are missed.
	 */
	public Mono<V> get(K key) {
		if (misses == null) {
			return load(key);
		}
		return Mono.defer(() -> misses.getIfPresent(key) != null ? Mono.<V>empty()
				: load(key).switchIfEmpty(Mono.fromRunnable(() -> misses.put(key, Boolean.TRUE))));
	}

	/**
	 * The value of a loaded entry, now and without a {@link Mono}; {@code null} when
	 * {@link #get} must be used instead (not loaded, loading, a remembered miss, or the
	 * cache reads through while deaf). Counted as a hit when it answers. For the hottest
	 * path, where a chain of operators per cache was a measurable share of the work.
	 */
	public V getIfLoaded(K key) {
		if (!notifications.isListening()) {
			return null;
		}
		CompletableFuture<V> entry = cache.asMap().get(key);
		if (entry == null || !entry.isDone() || entry.isCompletedExceptionally()) {
			return null;
		}
		V value = entry.getNow(null);
		if (value != null) {
			stats.recordHits(1);
		}
		return value;
	}

	private Mono<V> load(K key) {
		if (!notifications.isListening()) {
			return loader.apply(key);
		}
		return Mono.defer(() -> {
			CompletableFuture<V> entry = cache.get(key, (k, executor) -> loader.apply(k).toFuture());
			// A loaded entry (most reads of a warm cache) answers at once, without
			// subscribing to its future: that subscription was a measurable share of a
			// warm key check (JFR).
			if (entry.isDone() && !entry.isCompletedExceptionally()) {
				return Mono.justOrEmpty(entry.getNow(null));
			}
			return Mono.fromFuture(entry, true);
		});
	}

	/** Drops one entry, loaded or loading (and a remembered miss of it). */
	public void invalidate(K key) {
		cache.synchronous().invalidate(key);
		if (misses != null) {
			misses.invalidate(key);
		}
	}

	/** Drops everything, loaded or loading (and the remembered misses). */
	public void invalidateAll() {
		cache.synchronous().invalidateAll();
		if (misses != null) {
			misses.invalidateAll();
		}
	}

	/**
	 * Drops every loaded entry whose value matches, and every load still in flight (its
	 * value is not known yet, and it may have read the state before the change that calls
	 * this).
	 */
	public void invalidateIf(Predicate<? super V> stale) {
		cache.asMap().entrySet().removeIf(entry -> {
			CompletableFuture<V> future = entry.getValue();
			if (!future.isDone()) {
				return true;
			}
			V value = future.getNow(null);
			return value == null || stale.test(value);
		});
	}

	/**
	 * Replaces the entry of {@code key} with {@code update} applied to its value, only if
	 * it is still cached: an entry evicted meanwhile stays evicted.
	 */
	public void refresh(K key, Function<V, V> update) {
		cache.asMap().computeIfPresent(key, (k, future) -> {
			// A load that found nothing completes with null (Caffeine drops it next):
			// nothing to update.
			V value = future.isDone() && !future.isCompletedExceptionally() ? future.join() : null;
			return value == null ? future : CompletableFuture.completedFuture(update.apply(value));
		});
	}

	@Override
	public void dispose() {
		listener.dispose();
	}

	@Override
	public boolean isDisposed() {
		return listener.isDisposed();
	}

	@Override
	public String toString() {
		return "CoherentCache[" + name + "]";
	}

	/** Bound, expiry and eviction topics of a {@link CoherentCache}. */
	public static final class Builder<K, V> {

		private final String name;

		private final Function<K, Mono<V>> loader;

		private long maximumSize = 10_000;

		private Duration expireAfterWrite = Duration.ofMinutes(10);

		private Duration rememberMisses;

		private final Map<String, Consumer<UUID>> actions = new LinkedHashMap<>();

		private final List<Runnable> afterResync = new ArrayList<>();

		private Builder(String name, Function<K, Mono<V>> loader) {
			this.name = Objects.requireNonNull(name);
			this.loader = Objects.requireNonNull(loader);
		}

		/** At most this many entries (least recently used go first). */
		public Builder<K, V> maximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
			return this;
		}

		/**
		 * Remembers a key whose load found nothing for {@code duration}, answering it
		 * empty without loading again (a negative cache, at most as many keys as the
		 * cache holds, metered as {@code <name>-misses}). Only for keys that cannot come
		 * into existence after a miss, such as the hash of a random secret the server
		 * itself generates: nobody can present it before it is stored.
		 */
		public Builder<K, V> rememberMisses(Duration duration) {
			this.rememberMisses = Objects.requireNonNull(duration);
			return this;
		}

		/** A safety net only: every change that matters evicts explicitly. */
		public Builder<K, V> expireAfterWrite(Duration expireAfterWrite) {
			this.expireAfterWrite = Objects.requireNonNull(expireAfterWrite);
			return this;
		}

		/**
		 * Runs {@code action} with the id of every notice of {@code topic}, on the
		 * listener's thread (quick, no I/O).
		 */
		public Builder<K, V> onChange(String topic, Consumer<UUID> action) {
			actions.merge(topic, action, Consumer::andThen);
			return this;
		}

		/** Runs {@code action} after a {@link Change#RESYNC} dropped everything. */
		public Builder<K, V> afterResync(Runnable action) {
			afterResync.add(action);
			return this;
		}

		public CoherentCache<K, V> build(MeterRegistry meters, ChangeNotifications notifications) {
			return new CoherentCache<>(this, meters, notifications);
		}

	}

}
