package com.gahorouter.console.usage;

import java.util.UUID;

import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.system.Money;

/**
 * One entry of {@code byGroup}: an available group's usage; {@code cost} is a decimal
 * string.
 */
public record GroupUsage(UUID groupId, String groupName, long requests, long inputTokens, long outputTokens,
		String cost) {

	static GroupUsage of(ModelGroup group, GroupUsageRow row) {
		return new GroupUsage(group.id(), group.name(), row.requests(), row.inputTokens(), row.outputTokens(),
				Money.format(row.cost()));
	}
}
