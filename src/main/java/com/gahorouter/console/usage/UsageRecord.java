package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.system.Money;

/**
 * One charged call as stored in {@code usage_records}, and what its rollups add up.
 *
 * @param groupId the group that admitted the call
 * @param cost {@code baseCost × rateMultiplier} of that group
 */
record UsageRecord(String requestId, UUID tenantId, UUID keyId, UUID groupId, long inputTokens, long outputTokens,
		BigDecimal baseCost, BigDecimal cost, Instant occurredAt) {

	/**
	 * The record of a report: its cost is {@code baseCost × rateMultiplier}, rounded
	 * half-up.
	 */
	static UsageRecord of(UsageReport report, UUID tenantId, ModelGroup group, Instant occurredAt) {
		BigDecimal cost = report.baseCost()
			.multiply(group.rateMultiplier())
			.setScale(Money.SCALE, RoundingMode.HALF_UP);
		return new UsageRecord(report.requestId(), tenantId, report.keyId(), group.id(), report.inputTokens(),
				report.outputTokens(), report.baseCost(), cost, occurredAt);
	}

	/** The UTC day of the call: the partition of {@code usage_records}. */
	LocalDate occurredDay() {
		return LocalDate.ofInstant(occurredAt, ZoneOffset.UTC);
	}

	/** What makes a report unique: its request id on the UTC day of the call. */
	String identity() {
		return identity(requestId, occurredDay());
	}

	static String identity(String requestId, LocalDate occurredDay) {
		return requestId + "|" + occurredDay;
	}

	/** The start of the call's UTC hour, its row in {@code usage_hourly}. */
	Instant hour() {
		return occurredAt.truncatedTo(ChronoUnit.HOURS);
	}

}
