package com.gahorouter.console.usage;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/usage}.
 *
 * @param from the first hour counted (the requested {@code from} rounded down to the
 * hour)
 * @param to the end of the last hour counted, exclusive (the requested {@code to} rounded
 * up to the hour)
 * @param totals all usage in the range, including groups the tenant can no longer use
 * @param byGroup only groups available to the tenant now that have usage in the range,
 * ordered by name
 */
public record UsageSummary(Instant from, Instant to, UsageTotals totals, List<GroupUsage> byGroup) {
}
