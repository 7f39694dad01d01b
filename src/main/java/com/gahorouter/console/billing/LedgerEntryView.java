package com.gahorouter.console.billing;

import java.time.Instant;
import java.util.UUID;

import com.gahorouter.console.system.Money;

/**
 * One entry of {@code GET /api/billing/ledger} and the answer of a balance adjustment;
 * amounts are decimal strings.
 */
public record LedgerEntryView(UUID id, LedgerKind kind, String amount, String balanceAfter, String reference,
		Instant createdAt) {

	static LedgerEntryView of(LedgerEntry entry) {
		return new LedgerEntryView(entry.id(), entry.kind(), Money.format(entry.amount()),
				Money.format(entry.balanceAfter()), entry.reference(), entry.createdAt());
	}
}
