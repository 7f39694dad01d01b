package com.gahorouter.console.apikey;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The period a key's spend limit applies to, in UTC; weeks start on Monday. The
 * database's {@code key_period_start} function is the same rule.
 */
public enum SpendPeriod {

	DAILY, WEEKLY, MONTHLY, TOTAL;

	/** When the period that contains {@code now} ends; null for {@code TOTAL}. */
	public Instant resetsAt(Instant now) {
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		LocalDate next = switch (this) {
			case DAILY -> today.plusDays(1);
			case WEEKLY -> today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
			case MONTHLY -> today.withDayOfMonth(1).plusMonths(1);
			case TOTAL -> null;
		};
		return next == null ? null : next.atStartOfDay(ZoneOffset.UTC).toInstant();
	}

}
