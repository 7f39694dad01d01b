package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link InstantText} writes what {@link Instant#toString()} writes, for any instant. */
class InstantTextTests {

	@Test
	void writesWhatInstantToStringWrites() {
		List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1),
				Instant.ofEpochSecond(0, 999_999_999), Instant.parse("2026-12-01T16:00:00Z"),
				Instant.parse("2026-12-01T16:00:00.500Z"), Instant.parse("2026-12-01T16:00:00.123456Z"),
				Instant.parse("2026-12-01T16:00:00.000001Z"), Instant.parse("2026-12-01T16:00:00.100000001Z"),
				Instant.parse("2024-02-29T23:59:59.999Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
				Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
				Instant.parse("0001-01-01T00:00:00Z"), Instant.MIN, Instant.MAX));
		SplittableRandom random = new SplittableRandom(20261201);
		for (int i = 0; i < 200_000; i++) {
			long seconds = random.nextLong(-62_135_596_800L, 253_402_300_800L);
			int nanos = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1_000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1_000;
				default -> random.nextInt(1_000_000_000);
			};
			instants.add(Instant.ofEpochSecond(seconds, nanos));
		}
		for (Instant instant : instants) {
			assertThat(InstantText.append(new StringBuilder("x"), instant).toString()).isEqualTo("x" + instant);
		}
	}

}
