package com.gahorouter.console.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import com.gahorouter.console.system.ApiException;

/**
 * The hours a usage query covers: {@code [from, to)}, both on a whole UTC hour, because
 * usage is read from the rollups (whole UTC days from the daily one, the hours before and
 * after them from the hourly one). A requested range is widened to the hours it overlaps:
 * {@code from} is rounded down and {@code to} up to the hour, so usage from the current,
 * unfinished hour is always counted (rounding {@code to} down would hide a call made a
 * minute ago from the default range and the dashboard).
 */
public record UsageRange(Instant from, Instant to) {

	/** Default span of {@code GET /api/usage} without {@code from}. */
	static final Duration DEFAULT_SPAN = Duration.ofDays(30);

	/** Longest span a client may ask for. */
	static final Duration MAX_SPAN = Duration.ofDays(366);

	public UsageRange {
		if (!from.equals(floor(from)) || !to.equals(floor(to)) || !from.isBefore(to)) {
			throw new IllegalArgumentException("Not a range of whole hours: " + from + " to " + to);
		}
	}

	/**
	 * The range of {@code GET /api/usage?from=&to=}: {@code to} defaults to {@code now},
	 * {@code from} to {@code to} minus 30 days; then widened to whole hours.
	 * @throws ApiException {@code VALIDATION_FAILED} naming {@code from}: not before
	 * {@code to}, or more than 366 days before it
	 */
	static UsageRange requested(Optional<Instant> from, Optional<Instant> to, Instant now) {
		Instant end = to.orElse(now);
		Instant start = from.orElseGet(() -> end.minus(DEFAULT_SPAN));
		if (!start.isBefore(end)) {
			throw ApiException.validation("from", "must be before to");
		}
		if (Duration.between(start, end).compareTo(MAX_SPAN) > 0) {
			throw ApiException.validation("from", "must be at most 366 days before to");
		}
		return covering(start, end);
	}

	/** The dashboard's last 24 hours: the current hour and the 23 before it. */
	static UsageRange last24Hours(Instant now) {
		Instant end = floor(now).plus(1, ChronoUnit.HOURS);
		return new UsageRange(end.minus(1, ChronoUnit.DAYS), end);
	}

	/** The whole hours that overlap {@code [start, end)}. */
	static UsageRange covering(Instant start, Instant end) {
		Instant roundedEnd = floor(end);
		return new UsageRange(floor(start), roundedEnd.equals(end) ? end : roundedEnd.plus(1, ChronoUnit.HOURS));
	}

	/**
	 * Start of the whole UTC days inside the range (read from {@code usage_daily}); equal
	 * to {@link #wholeDaysTo()} and to {@code to} when there is none, so that
	 * {@code [from, wholeDaysFrom)} and {@code [wholeDaysTo, to)} are always the hours to
	 * read from {@code usage_hourly}.
	 */
	Instant wholeDaysFrom() {
		Instant dayFrom = from.truncatedTo(ChronoUnit.DAYS);
		if (dayFrom.isBefore(from)) {
			dayFrom = dayFrom.plus(1, ChronoUnit.DAYS);
		}
		return dayFrom.isBefore(to.truncatedTo(ChronoUnit.DAYS)) ? dayFrom : to;
	}

	/**
	 * End (exclusive) of the whole UTC days inside the range; see
	 * {@link #wholeDaysFrom()}.
	 */
	Instant wholeDaysTo() {
		Instant dayTo = to.truncatedTo(ChronoUnit.DAYS);
		return wholeDaysFrom().isBefore(dayTo) ? dayTo : to;
	}

	private static Instant floor(Instant instant) {
		return instant.truncatedTo(ChronoUnit.HOURS);
	}

}
