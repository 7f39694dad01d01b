package com.gahorouter.console.usage;

import java.util.UUID;

import org.springframework.stereotype.Service;

import com.gahorouter.console.auth.ConsoleUser;

import reactor.core.publisher.Flux;

/**
 * {@code GET /api/usage/export}: the tenant's usage per UTC hour, group and key as CSV
 * lines, streamed from the database row by row (a cursor of {@link #FETCH_SIZE} rows at a
 * time), so memory stays constant whatever the range. The tenant admin exports every key
 * of the tenant, a member only the keys they created (as in the key list). Rows come from
 * the raw usage records, which are kept for {@code gahorouter.usage.retention}: older
 * hours have no per-key rows.
 */
@Service
public class UsageExport {

	/** Rows fetched from the database per round trip. */
	static final int FETCH_SIZE = 500;

	private final UsageRepository usage;

	UsageExport(UsageRepository usage) {
		this.usage = usage;
	}

	/** The CSV, header first, then one line per hour × group × key with usage. */
	public Flux<String> csv(ConsoleUser user, UsageRange range) {
		UUID tenantId = user.requireTenant();
		UUID creator = user.isTenantAdmin() ? null : user.userId();
		return Flux.concat(Flux.just(UsageExportRow.HEADER),
				usage.hourlyByKey(tenantId, creator, range, FETCH_SIZE).map(UsageExportRow::csvLine));
	}

}
