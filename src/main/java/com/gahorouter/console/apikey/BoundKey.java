package com.gahorouter.console.apikey;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * An active key bound to a group, with when it was last used (the later of its last key
 * check and its last reported call): what the region pre-check lists.
 */
public record BoundKey(UUID id, String name, String prefix, UUID groupId, Instant lastUsedAt) {

	/** By name ({@link String#compareTo}), then by id ({@link UUID#compareTo}). */
	public static final Comparator<BoundKey> BY_NAME = (a, b) -> {
		int byName = a.name.compareTo(b.name);
		return byName != 0 ? byName : a.id.compareTo(b.id);
	};

}
