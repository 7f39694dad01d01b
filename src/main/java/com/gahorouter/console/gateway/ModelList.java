package com.gahorouter.console.gateway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import com.gahorouter.console.catalog.ModelGroup;

/** {@code GET /v1/models}, in OpenAI's shape: the models of the key's group. */
public record ModelList(String object, List<Model> data) {

	static ModelList of(ModelGroup group) {
		return new ModelList("list",
				group.models().stream().map(id -> new Model(id, "model", group.platform())).toList());
	}

	/** One model; {@code owned_by} is the group's platform. */
	public record Model(String id, String object, @JsonProperty("owned_by") String ownedBy) {
	}
}
