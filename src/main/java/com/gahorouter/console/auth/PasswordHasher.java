package com.gahorouter.console.auth;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import com.gahorouter.console.system.ApiException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Argon2id at the OWASP minimum (19 MiB, 2 iterations, parallelism 1) on a bounded
 * scheduler of its own, never on an event-loop thread. The scheduler's size bounds
 * sign-ins per second per replica (README); its queue is short
 * ({@code gahorouter.auth.password-hashing-queue} per thread), and a task that finds it
 * full is refused at once with 503 {@code SERVICE_UNAVAILABLE} and {@code Retry-After}
 * rather than waiting behind thousands of others.
 */
@Component
public class PasswordHasher implements DisposableBean {

	private static final int SALT_BYTES = 16;

	private static final int HASH_BYTES = 32;

	private static final int PARALLELISM = 1;

	private static final int MEMORY_KIB = 19 * 1024;

	private static final int ITERATIONS = 2;

	/** How long a caller refused by a full queue is told to wait. */
	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final Argon2PasswordEncoder encoder = new Argon2PasswordEncoder(SALT_BYTES, HASH_BYTES, PARALLELISM,
			MEMORY_KIB, ITERATIONS);

	private final Scheduler scheduler;

	/**
	 * Compared against when the account does not exist, so that an unknown email costs
	 * the same time.
	 */
	private final String decoyHash;

	/**
	 * Argon2 verifications done (login and decoy), the work an attacker can make us do.
	 */
	private final Counter verifications;

	public PasswordHasher(AuthProperties properties, MeterRegistry meters) {
		this.verifications = Counter.builder("gahorouter.password.verifications")
			.description("Argon2 password verifications (sign-in attempts and their decoys)")
			.register(meters);
		this.scheduler = Schedulers.newBoundedElastic(properties.passwordHashingThreads(),
				properties.passwordHashingQueue(), "password-hashing");
		this.decoyHash = encoder.encode("decoy password that matches no account");
	}

	/** The Argon2id hash of the password, computed on the hashing scheduler. */
	public Mono<String> hash(String rawPassword) {
		return run(() -> encoder.encode(rawPassword));
	}

	/**
	 * Whether the password matches; with no stored hash it spends the same time and
	 * answers false.
	 */
	public Mono<Boolean> matches(String rawPassword, String storedHash) {
		return run(() -> {
			verifications.increment();
			if (storedHash == null) {
				encoder.matches(rawPassword, decoyHash);
				return false;
			}
			return encoder.matches(rawPassword, storedHash);
		});
	}

	/**
	 * Runs CPU-heavy sign-in work (a hash, the password strength estimate) on the hashing
	 * scheduler; a full queue is {@code SERVICE_UNAVAILABLE} at once.
	 */
	<T> Mono<T> run(Callable<T> work) {
		return Mono.fromCallable(work)
			.subscribeOn(scheduler)
			.onErrorMap(RejectedExecutionException.class, e -> ApiException
				.unavailable("The server is busy checking passwords; try again shortly.", RETRY_AFTER));
	}

	@Override
	public void destroy() {
		scheduler.dispose();
	}

}
