package com.gahorouter.console.system;

import reactor.blockhound.BlockHound;
import reactor.blockhound.BlockingOperationError;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few places allowed to block, each with why. Loaded by BlockHound through
 * {@code META-INF/services/reactor.blockhound.integration.BlockHoundIntegration}.
 */
public class BlockingAllowances implements BlockHoundIntegration {

	@Override
	public void applyTo(BlockHound.Builder builder) {
		// Every detection is printed with its stack before it fails the call: an error
		// swallowed somewhere in a
		// reactive chain would otherwise only show up as a request that never completes.
		builder.blockingMethodCallback(method -> {
			BlockingOperationError error = new BlockingOperationError(method);
			System.err.println("BLOCKHOUND DETECTION on " + Thread.currentThread().getName() + ": " + method);
			error.printStackTrace();
			throw error;
		});
		// Hibernate Validator caches a class's constraint metadata on its first
		// validation in a map whose
		// segments are guarded by a ReentrantLock: an in-memory put, held for
		// microseconds, no I/O.
		builder.allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment",
				"put");
		// Netty 4.2's adaptive buffer allocator takes a StampedLock for microseconds when
		// it adds a
		// magazine under contention (large bodies from many connections at once): in
		// memory, no
		// I/O, and inside Netty's own allocation on its event loop.
		builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup",
				"tryExpandMagazines");
		// Caffeine guards its eviction policy with a ReentrantLock: invalidateAll() and
		// the occasional
		// maintenance run on a writing thread take it for microseconds, in memory. A
		// BlockingOperationError
		// thrown inside Caffeine would leave a cache operation half done, so these must
		// be allowed.
		for (String method : new String[] { "clear", "cleanUp", "performCleanUp", "afterWrite" }) {
			builder.allowBlockingCallsInside("com.github.benmanes.caffeine.cache.BoundedLocalCache", method);
		}
		// Jackson builds the (de)serializer of a type once, under a ReentrantLock, the
		// first time two requests
		// need it at the same moment: in-memory work, once per type.
		builder.allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
				"_createAndCacheValueDeserializer");
		builder.allowBlockingCallsInside("tools.jackson.databind.ser.SerializerCache",
				"addAndResolveNonTypedSerializer");
	}

}
