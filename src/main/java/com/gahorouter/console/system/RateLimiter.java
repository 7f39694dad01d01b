package com.gahorouter.console.system;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import reactor.core.publisher.Mono;

/**
 * A per-replica limit of {@code capacity} events per {@code period} for each key (an
 * account, an email, an IP). Buckets live in a bounded Caffeine cache and are forgotten
 * after a quiet period.
 */
public final class RateLimiter {

	private final String name;

	private final long capacity;

	private final Duration period;

	private final Cache<String, Bucket> buckets;

	public RateLimiter(String name, long capacity, Duration period) {
		this.name = name;
		this.capacity = capacity;
		this.period = period;
		this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(period.multipliedBy(2)).build();
	}

	/**
	 * Takes one event for the key, or fails with {@code RATE_LIMITED} and the time until
	 * one is free.
	 */
	public Mono<Void> consume(String key) {
		return Mono.defer(() -> {
			var probe = bucket(key).tryConsumeAndReturnRemaining(1);
			return probe.isConsumed() ? Mono.empty()
					: Mono.error(ApiException.rateLimited(Duration.ofNanos(probe.getNanosToWaitForRefill())));
		});
	}

	/**
	 * Fails with {@code RATE_LIMITED} when the key has no event left, without taking one.
	 */
	public Mono<Void> check(String key) {
		return Mono.defer(() -> {
			Bucket bucket = buckets.getIfPresent(key);
			if (bucket == null || bucket.getAvailableTokens() > 0) {
				return Mono.empty();
			}
			long nanos = bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
			return Mono.error(ApiException.rateLimited(Duration.ofNanos(nanos)));
		});
	}

	/** Records one event for the key without failing (e.g. a failed login). */
	public void record(String key) {
		bucket(key).tryConsume(1);
	}

	/**
	 * Gives back one event taken by {@link #consume} (e.g. an attempt that turned out
	 * well), never beyond the capacity.
	 */
	public void refund(String key) {
		Bucket bucket = buckets.getIfPresent(key);
		if (bucket != null) {
			bucket.addTokens(1);
		}
	}

	/** Forgets the key's events (e.g. after a successful login). */
	public void reset(String key) {
		buckets.invalidate(key);
	}

	private Bucket bucket(String key) {
		return buckets.get(key,
				k -> Bucket.builder()
					.addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
					.build());
	}

	@Override
	public String toString() {
		return "RateLimiter[" + name + ": " + capacity + " per " + period + "]";
	}

}
