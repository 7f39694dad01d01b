package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.util.List;

import com.gahorouter.console.system.Money;

/**
 * The {@code totals} of {@code GET /api/usage} and the dashboard's {@code last24h};
 * {@code cost} is a decimal string.
 */
public record UsageTotals(long requests, long inputTokens, long outputTokens, String cost) {

	/** The sum of every row, whatever group it belongs to. */
	static UsageTotals of(List<GroupUsageRow> rows) {
		long requests = 0;
		long inputTokens = 0;
		long outputTokens = 0;
		BigDecimal cost = BigDecimal.ZERO;
		for (GroupUsageRow row : rows) {
			requests += row.requests();
			inputTokens += row.inputTokens();
			outputTokens += row.outputTokens();
			cost = cost.add(row.cost());
		}
		return new UsageTotals(requests, inputTokens, outputTokens, Money.format(cost));
	}
}
