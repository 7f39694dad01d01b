package com.gahorouter.console.gateway;

import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.gahorouter.console.apikey.KeySnapshot;
import com.gahorouter.console.catalog.ModelGroup;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import tools.jackson.databind.json.JsonMapper;

/**
 * The key check's answers as JSON bytes, serialised once rather than for every check: a
 * refusal depends only on its reason, an allowed answer only on the key's snapshot and
 * its group, both immutable and replaced (never changed) by the caches that hold them
 * when the key, its policies or the catalog change. So the bytes of an allowed answer are
 * kept per snapshot instance (weakly: they go when the snapshot cache lets it go) and
 * reused while the group instance is the same; the application's {@link JsonMapper}
 * writes them, so they are the bytes the codec would write. Jackson's encoding was a
 * tenth of a warm check's CPU (profiled with JFR).
 */
@Component
class KeyCheckAnswers {

	private final JsonMapper json;

	private final Map<RefusalReason, byte[]> refusals = new EnumMap<>(RefusalReason.class);

	private final Cache<KeySnapshot, Allowed> allowed = Caffeine.newBuilder().weakKeys().build();

	KeyCheckAnswers(JsonMapper json) {
		this.json = json;
		for (RefusalReason reason : RefusalReason.values()) {
			refusals.put(reason, json.writeValueAsBytes(KeyDecision.refuse(reason)));
		}
	}

	/** The decision as the JSON body of the answer. */
	byte[] json(KeyDecision decision) {
		if (!decision.allowed()) {
			return refusals.get(decision.reason());
		}
		Allowed known = allowed.getIfPresent(decision.key());
		if (known != null && known.group() == decision.group()) {
			return known.json();
		}
		byte[] bytes = json.writeValueAsBytes(decision);
		allowed.put(decision.key(), new Allowed(decision.group(), bytes));
		return bytes;
	}

	/** An allowed answer's bytes and the group instance they were written for. */
	private record Allowed(ModelGroup group, byte[] json) {
	}

}
