package com.gahorouter.console.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's available groups, ordered by name, with their JSON
 * ({@code GET /api/model-groups}'s body) and its strong ETag, both computed once when the
 * list is built. Tenants with the same list may share one instance; the
 * {@link ModelGroup}s are always shared.
 *
 * @param json the serialised array of {@link ModelGroupView}s; never modify it
 * @param etag a strong entity tag, quoted, derived from {@code json}: it changes exactly
 * when the list does
 */
public record GroupList(List<ModelGroup> groups, byte[] json, String etag) {

	public GroupList {
		groups = List.copyOf(groups);
	}

	/** The group if it is in this list. */
	public Optional<ModelGroup> find(UUID groupId) {
		for (ModelGroup group : groups) {
			if (group.id().equals(groupId)) {
				return Optional.of(group);
			}
		}
		return Optional.empty();
	}

	/** The JSON as text (for server-sent events). */
	public String jsonText() {
		return new String(json, StandardCharsets.UTF_8);
	}
}
