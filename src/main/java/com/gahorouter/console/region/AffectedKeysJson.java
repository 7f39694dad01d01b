package com.gahorouter.console.region;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;
import java.util.UUID;

import com.gahorouter.console.region.RegionPrecheck.AffectedKey;
import com.gahorouter.console.system.InstantText;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharTypes;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON array of a pre-check's {@code affectedKeys}, written as bean serialisation
 * would (same names, order, formats and string escapes) but by hand: raw JSON composed in
 * a {@link StringBuilder} and handed to the generator as UTF-8 bytes, 16 KiB at a time. A
 * pre-check can list 80,000 keys, and a generator call per property, then the generator's
 * own char-by-char encoding of a raw value, then the copies of one text of several
 * megabytes were most of its time and garbage (profiled with JFR).
 *
 * <p>
 * Long lists are written ahead ({@link #writtenAhead}), in as many parts as the parallel
 * scheduler has threads (at least two), at once; {@link Serializer} then only copies the
 * chunks.
 */
final class AffectedKeysJson {

	/** Characters handed to the generator at a time. */
	private static final int CHUNK = 16 * 1024;

	/** Characters per key with short names, to size the buffer once. */
	private static final int TYPICAL_KEY_LENGTH = 224;

	/**
	 * From this many keys (about 14 KiB of JSON), the array is written ahead in parallel
	 * parts; below, handing parts to other threads would cost about what it saves.
	 */
	private static final int WRITTEN_AHEAD_FROM = 64;

	private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();

	/** Per ASCII character, non-zero when {@link #ESCAPES} escapes it. */
	private static final int[] ESCAPED = CharTypes.get7BitOutputEscapes();

	private AffectedKeysJson() {
	}

	/**
	 * The keys, with their JSON written ahead when they are many: parts of the list at
	 * once on the parallel scheduler (pure computation, no blocking).
	 */
	static Mono<List<AffectedKey>> writtenAhead(List<AffectedKey> keys) {
		if (keys.size() < WRITTEN_AHEAD_FROM) {
			return Mono.just(keys);
		}
		int parts = Math.max(2, Schedulers.DEFAULT_POOL_SIZE);
		return Flux.range(0, parts)
			.flatMapSequential(part -> Mono
				.fromCallable(() -> chunks(keys, keys.size() * part / parts, keys.size() * (part + 1) / parts))
				.subscribeOn(Schedulers.parallel()))
			.collectList()
			.map(written -> new WrittenKeys(keys, written.stream().flatMap(List::stream).toList()));
	}

	/**
	 * The elements {@code from} to {@code to} (exclusive) of the array, each but the
	 * array's first preceded by its comma, in chunks of raw JSON.
	 */
	private static List<SerializableString> chunks(List<AffectedKey> keys, int from, int to) {
		List<SerializableString> chunks = new ArrayList<>();
		StringBuilder json = new StringBuilder(CHUNK + 4 * TYPICAL_KEY_LENGTH);
		UUID groupId = null;
		String groupFields = null;
		for (int i = from; i < to; i++) {
			AffectedKey key = keys.get(i);
			if (!key.groupId().equals(groupId)) {
				// Keys come group by group: their group's fields are written once.
				groupId = key.groupId();
				groupFields = groupFields(key);
			}
			append(i > 0 ? json.append(',') : json, key, groupFields);
			if (json.length() >= CHUNK) {
				chunks.add(new Utf8(json.toString()));
				json.setLength(0);
			}
		}
		if (!json.isEmpty()) {
			chunks.add(new Utf8(json.toString()));
		}
		return chunks;
	}

	private static void append(StringBuilder json, AffectedKey key, String groupFields) {
		json.append("{\"id\":\"").append(key.id().toString());
		string(json.append("\",\"name\":"), key.name());
		string(json.append(",\"prefix\":"), key.prefix());
		json.append(groupFields).append(",\"lastUsedAt\":");
		if (key.lastUsedAt() == null) {
			json.append("null");
		}
		else {
			InstantText.append(json.append('"'), key.lastUsedAt()).append('"');
		}
		json.append(",\"inUse\":").append(key.inUse()).append('}');
	}

	/** {@code ,"groupId":…,"groupName":…} of the key's group. */
	private static String groupFields(AffectedKey key) {
		StringBuilder fields = new StringBuilder(",\"groupId\":\"").append(key.groupId().toString()).append('"');
		string(fields.append(",\"groupName\":"), key.groupName());
		return fields.toString();
	}

	/**
	 * A JSON string with Jackson's own escapes (by default only control characters,
	 * quotes and backslashes; most names have none).
	 */
	private static void string(StringBuilder json, String value) {
		json.append('"');
		if (needsEscapes(value)) {
			ESCAPES.quoteAsString(value, json);
		}
		else {
			json.append(value);
		}
		json.append('"');
	}

	/**
	 * Whether Jackson's escape table (the one {@link #ESCAPES} uses) names a character.
	 */
	private static boolean needsEscapes(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < ESCAPED.length && ESCAPED[c] != 0) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The array's size in bytes when its chunks are written ahead, else an estimate.
	 */
	static int bytes(List<AffectedKey> keys) {
		if (keys instanceof WrittenKeys written) {
			int bytes = 2;
			for (SerializableString chunk : written.chunks) {
				bytes += chunk.asUnquotedUTF8().length;
			}
			return bytes;
		}
		return 2 + keys.size() * TYPICAL_KEY_LENGTH;
	}

	/** Writes the array: its chunks written ahead, or written now. */
	static final class Serializer extends StdSerializer<List<AffectedKey>> {

		private static final SerializableString OPEN = new SerializedString("[");

		private static final SerializableString CLOSE = new SerializedString("]");

		Serializer() {
			super(List.class);
		}

		@Override
		public void serialize(List<AffectedKey> keys, JsonGenerator generator, SerializationContext context) {
			List<SerializableString> chunks = keys instanceof WrittenKeys written ? written.chunks
					: chunks(keys, 0, keys.size());
			generator.writeRawValue(OPEN);
			for (SerializableString chunk : chunks) {
				generator.writeRaw(chunk);
			}
			generator.writeRaw(CLOSE);
		}

	}

	/** The keys with their JSON array's chunks. */
	private static final class WrittenKeys extends AbstractList<AffectedKey> implements RandomAccess {

		private final List<AffectedKey> keys;

		private final List<SerializableString> chunks;

		WrittenKeys(List<AffectedKey> keys, List<SerializableString> chunks) {
			this.keys = keys;
			this.chunks = chunks;
		}

		@Override
		public AffectedKey get(int index) {
			return keys.get(index);
		}

		@Override
		public int size() {
			return keys.size();
		}

	}

	/**
	 * Raw JSON whose UTF-8 bytes the generator copies as they are
	 * ({@link String#getBytes} is a bulk copy for ASCII text).
	 */
	private static final class Utf8 extends SerializedString {

		Utf8(String json) {
			super(json);
			_unquotedUTF8Ref = json.getBytes(StandardCharsets.UTF_8);
		}

	}

}
