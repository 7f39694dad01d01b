package com.gahorouter.console.catalog;

import java.util.List;

import org.springframework.stereotype.Component;

import com.gahorouter.console.system.EntityTags;

import tools.jackson.databind.json.JsonMapper;

/**
 * Builds a {@link GroupList}: serialises it once and derives its strong ETag from the
 * bytes.
 */
@Component
class GroupListEncoder {

	private final JsonMapper json;

	GroupListEncoder(JsonMapper json) {
		this.json = json;
	}

	GroupList encode(List<ModelGroup> groups) {
		byte[] body = json.writeValueAsBytes(groups.stream().map(ModelGroupView::of).toList());
		return new GroupList(groups, body, EntityTags.of(body));
	}

}
