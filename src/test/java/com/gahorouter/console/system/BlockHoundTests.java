package com.gahorouter.console.system;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * Proves BlockHound is installed in this JVM, so that every other test also fails on a
 * blocking call.
 */
class BlockHoundTests {

	@Test
	void blockingOnANonBlockingThreadFails() {
		Mono.fromCallable(() -> {
			Thread.sleep(1);
			return "slept";
		})
			.subscribeOn(Schedulers.parallel())
			.as(StepVerifier::create)
			.expectError(BlockingOperationError.class)
			.verify(Duration.ofSeconds(5));
	}

}
