package com.gahorouter.console.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

class UsageRangeTests {

	private static final Instant NOW = Instant.parse("2026-11-28T07:57:54Z");

	@Test
	void theDefaultIsTheThirtyDaysBeforeNowWidenedToWholeHours() {
		UsageRange range = UsageRange.requested(Optional.empty(), Optional.empty(), NOW);

		assertThat(range.from()).isEqualTo("2026-10-29T07:00:00Z");
		assertThat(range.to()).isEqualTo("2026-11-28T08:00:00Z");
	}

	@Test
	void boundsOnTheHourAreKept() {
		UsageRange range = UsageRange.requested(Optional.of(Instant.parse("2026-11-01T00:00:00Z")),
				Optional.of(Instant.parse("2026-11-02T00:00:00Z")), NOW);

		assertThat(range)
			.isEqualTo(new UsageRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")));
	}

	@Test
	void theLastDayIsTheCurrentHourAndTheTwentyThreeBefore() {
		assertThat(UsageRange.last24Hours(NOW))
			.isEqualTo(new UsageRange(Instant.parse("2026-11-27T08:00:00Z"), Instant.parse("2026-11-28T08:00:00Z")));
	}

	@Test
	void wholeUtcDaysAreSplitFromTheHoursAroundThem() {
		UsageRange range = new UsageRange(Instant.parse("2026-11-01T10:00:00Z"), Instant.parse("2026-11-04T05:00:00Z"));

		assertThat(range.wholeDaysFrom()).isEqualTo("2026-11-02T00:00:00Z");
		assertThat(range.wholeDaysTo()).isEqualTo("2026-11-04T00:00:00Z");
	}

	@Test
	void aRangeOfWholeDaysNeedsNoHours() {
		UsageRange range = new UsageRange(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));

		assertThat(range.wholeDaysFrom()).isEqualTo("2026-11-01T00:00:00Z");
		assertThat(range.wholeDaysTo()).isEqualTo("2026-11-02T00:00:00Z");
	}

	@Test
	void withoutAWholeDayEveryHourIsReadFromTheHourlyRollup() {
		UsageRange sameDay = new UsageRange(Instant.parse("2026-11-01T10:00:00Z"),
				Instant.parse("2026-11-01T14:00:00Z"));
		UsageRange acrossMidnight = new UsageRange(Instant.parse("2026-11-01T10:00:00Z"),
				Instant.parse("2026-11-02T09:00:00Z"));

		assertThat(sameDay.wholeDaysFrom()).isEqualTo(sameDay.to()).isEqualTo(sameDay.wholeDaysTo());
		assertThat(acrossMidnight.wholeDaysFrom()).isEqualTo(acrossMidnight.to())
			.isEqualTo(acrossMidnight.wholeDaysTo());
	}

	@Test
	void aSpanOfExactly366DaysIsAllowedAndOneSecondMoreIsNot() {
		UsageRange.requested(Optional.of(Instant.parse("2025-11-27T00:00:00Z")),
				Optional.of(Instant.parse("2026-11-28T00:00:00Z")), NOW);

		assertThatThrownBy(() -> UsageRange.requested(Optional.of(Instant.parse("2025-11-26T23:59:59Z")),
				Optional.of(Instant.parse("2026-11-28T00:00:00Z")), NOW))
			.isInstanceOfSatisfying(ApiException.class, e -> {
				assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
				assertThat(e.errors()).extracting(ApiException.FieldError::field).containsExactly("from");
			});
	}

	@Test
	void aFromAfterNowWithoutToIsRefused() {
		assertThatThrownBy(
				() -> UsageRange.requested(Optional.of(Instant.parse("2026-12-01T00:00:00Z")), Optional.empty(), NOW))
			.isInstanceOfSatisfying(ApiException.class,
					e -> assertThat(e.errors()).extracting(ApiException.FieldError::message)
						.containsExactly("must be before to"));
	}

}
