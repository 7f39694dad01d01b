package com.gahorouter.console.usage;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * When keys were last used for a call the gateway reported, read from the usage records.
 */
@Service
public class KeyActivity {

	private final UsageRepository usage;

	KeyActivity(UsageRepository usage) {
		this.usage = usage;
	}

	/**
	 * For each of the keys with a reported call since {@code since}, the time of its
	 * latest one; one query.
	 */
	public Mono<Map<UUID, Instant>> lastCallsSince(Collection<UUID> keyIds, Instant since) {
		if (keyIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		return usage.lastCallsSince(keyIds, since);
	}

}
