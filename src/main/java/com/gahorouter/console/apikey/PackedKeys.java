package com.gahorouter.console.apikey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads one group's keys as {@link ApiKeyRepository#findActiveOnGroups} gets them: the
 * {@code packed_listing} columns of its keys (migration {@code V23}) one after another
 * with no separator, each
 *
 * <pre>
 * id (36 characters) checkedMicros? "," reportedMicros? "," prefixLength "," prefix nameLength "," name
 * </pre>
 *
 * where the times ({@code last_used_at}, the last key check, and
 * {@code last_reported_at}, the last reported call) are in epoch microseconds
 * (PostgreSQL's precision), empty when null, and each length counts the Unicode code
 * points that follow (PostgreSQL's {@code length} in a UTF-8 database), so a name may
 * hold any character, commas included.
 */
final class PackedKeys {

	private static final int ID_LENGTH = 36;

	private static final long MICROS_PER_SECOND = 1_000_000;

	private static final long NANOS_PER_MICRO = 1_000;

	private PackedKeys() {
	}

	/**
	 * The keys of {@code groupId} packed in {@code packed}, in their packed order; a
	 * reported call counts for a key's last use only from {@code reportedSince} on.
	 */
	static List<BoundKey> unpack(UUID groupId, String packed, Instant reportedSince) {
		List<BoundKey> keys = new ArrayList<>(packed.length() / 64 + 1);
		Cursor cursor = new Cursor(packed);
		while (cursor.at < packed.length()) {
			UUID id = UUID.fromString(cursor.take(ID_LENGTH));
			Instant checked = cursor.time();
			Instant reported = cursor.time();
			String prefix = cursor.counted();
			String name = cursor.counted();
			keys.add(new BoundKey(id, name, prefix, groupId, lastUse(checked, reported, reportedSince)));
		}
		return keys;
	}

	/** The later of the last check and the last reported call since {@code since}. */
	private static Instant lastUse(Instant checked, Instant reported, Instant since) {
		Instant counted = reported == null || reported.isBefore(since) ? null : reported;
		if (checked == null || counted == null) {
			return checked == null ? counted : checked;
		}
		return checked.isAfter(counted) ? checked : counted;
	}

	/** A position in the packed text. */
	private static final class Cursor {

		private final String text;

		private int at;

		Cursor(String text) {
			this.text = text;
		}

		String take(int chars) {
			String taken = text.substring(at, at + chars);
			at += chars;
			return taken;
		}

		/** The optional epoch microseconds up to the next comma, and the comma. */
		Instant time() {
			int comma = comma();
			Instant time = comma == at ? null : ofEpochMicros(Long.parseLong(text, at, comma, 10));
			at = comma + 1;
			return time;
		}

		/** A code-point count, a comma and that many code points. */
		String counted() {
			int comma = comma();
			int codePoints = Integer.parseInt(text, at, comma, 10);
			int start = comma + 1;
			int end = text.offsetByCodePoints(start, codePoints);
			at = end;
			return text.substring(start, end);
		}

		private static Instant ofEpochMicros(long micros) {
			return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
					Math.floorMod(micros, MICROS_PER_SECOND) * NANOS_PER_MICRO);
		}

		private int comma() {
			int comma = text.indexOf(',', at);
			if (comma < 0) {
				throw new IllegalStateException("Packed keys end in the middle of a key at " + at);
			}
			return comma;
		}

	}

}
