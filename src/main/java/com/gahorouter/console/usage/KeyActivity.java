package com.gahorouter.console.usage;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * When keys were last used for a call the gateway reported, read from the usage records.
 */
@Service
public class KeyActivity {

	private final DatabaseClient db;

	public KeyActivity(DatabaseClient db) {
		this.db = db;
	}

	/**
	 * For each of the keys with a reported call since {@code since}, the time of its
	 * latest one; one query.
	 */
	public Mono<Map<UUID, Instant>> lastCallsSince(Collection<UUID> keyIds, Instant since) {
		if (keyIds.isEmpty()) {
			return Mono.just(Map.of());
		}
		String[] ids = keyIds.stream().map(UUID::toString).toArray(String[]::new);
		return db
			.sql("select key_id, max(occurred_at) as last_call from usage_records "
					+ "where key_id = any(cast(:ids as uuid[])) and occurred_at >= :since group by key_id")
			.bind("ids", ids)
			.bind("since", since)
			.map(row -> Map.entry(row.get("key_id", UUID.class), row.get("last_call", Instant.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue);
	}

}
