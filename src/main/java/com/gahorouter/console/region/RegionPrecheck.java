package com.gahorouter.console.region;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.gahorouter.console.catalog.ModelGroupView;
import com.gahorouter.console.system.InstantText;
import com.gahorouter.console.tenant.Region;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.JsonStringEncoder;
import tools.jackson.core.io.SerializedString;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The answer of {@code GET /api/tenant/region/precheck}: what a change to
 * {@code targetRegion} would do.
 *
 * @param affectedKeys the tenant's active keys (every member's) bound to a group it would
 * lose
 * @param complianceNotice the cross-border data notice when the target is
 * {@code OVERSEAS}, else null
 */
public record RegionPrecheck(Region currentRegion, Region targetRegion, boolean unchanged,
		List<ModelGroupView> groupsLost, List<ModelGroupView> groupsGained,
		@JsonSerialize(using = AffectedKey.JsonArray.class) List<AffectedKey> affectedKeys,
		boolean requiresComplianceAck, String complianceNotice) {

	/**
	 * A key that would stop working: unbound to {@code PENDING_REASSIGNMENT} by the
	 * change.
	 */
	public record AffectedKey(UUID id, String name, String prefix, UUID groupId, String groupName, Instant lastUsedAt,
			boolean inUse) {

		/**
		 * Writes the list as bean serialisation would (same names, order, formats and
		 * string escapes), as raw JSON composed in a {@link StringBuilder} and handed to
		 * the generator as UTF-8 bytes, a chunk at a time: a pre-check can list 80,000
		 * keys, and a generator call per property, then the generator's own char-by-char
		 * encoding of a raw value, then the copies of one text of several megabytes were
		 * most of its time and garbage (profiled with JFR).
		 */
		static final class JsonArray extends StdSerializer<List<AffectedKey>> {

			/** Characters handed to the generator at a time. */
			private static final int CHUNK = 16 * 1024;

			/** Characters per key with short names, to size the buffer once. */
			private static final int TYPICAL_KEY_LENGTH = 224;

			private static final JsonStringEncoder ESCAPES = JsonStringEncoder.getInstance();

			JsonArray() {
				super(List.class);
			}

			@Override
			public void serialize(List<AffectedKey> keys, JsonGenerator generator, SerializationContext context) {
				StringBuilder json = new StringBuilder(CHUNK + 4 * TYPICAL_KEY_LENGTH);
				json.append('[');
				boolean started = false;
				UUID groupId = null;
				String groupFields = null;
				for (int i = 0; i < keys.size(); i++) {
					AffectedKey key = keys.get(i);
					if (!key.groupId().equals(groupId)) {
						// Keys come group by group: their group's fields are written
						// once.
						groupId = key.groupId();
						groupFields = groupFields(key);
					}
					append(i > 0 ? json.append(',') : json, key, groupFields);
					if (json.length() >= CHUNK) {
						write(generator, json, started);
						started = true;
					}
				}
				write(generator, json.append(']'), started);
			}

			/** Hands the chunk to the generator, the first as the start of a value. */
			private static void write(JsonGenerator generator, StringBuilder json, boolean started) {
				Utf8 chunk = new Utf8(json.toString());
				if (started) {
					generator.writeRaw(chunk);
				}
				else {
					generator.writeRawValue(chunk);
				}
				json.setLength(0);
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
				StringBuilder fields = new StringBuilder(",\"groupId\":\"").append(key.groupId().toString())
					.append('"');
				string(fields.append(",\"groupName\":"), key.groupName());
				return fields.toString();
			}

			/**
			 * A JSON string with Jackson's own escapes (by default only control
			 * characters, quotes and backslashes; most names have none).
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

			private static boolean needsEscapes(String value) {
				for (int i = 0; i < value.length(); i++) {
					char c = value.charAt(i);
					if (c < 0x20 || c == '"' || c == '\\') {
						return true;
					}
				}
				return false;
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

	}
}
