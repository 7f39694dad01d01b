package com.gahorouter.console.system;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The few places allowed to block, each with why. Loaded by BlockHound through
 * {@code META-INF/services/reactor.blockhound.integration.BlockHoundIntegration}.
 */
public class BlockingAllowances implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Hibernate Validator caches a class's constraint metadata on its first validation in a map whose
        // segments are guarded by a ReentrantLock: an in-memory put, held for microseconds, no I/O.
        builder.allowBlockingCallsInside("org.hibernate.validator.internal.util.ConcurrentReferenceHashMap$Segment",
                "put");
    }
}
