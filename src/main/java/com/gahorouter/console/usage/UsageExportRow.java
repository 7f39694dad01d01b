package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One line of the usage export: one key's usage of one group in one UTC hour. */
record UsageExportRow(Instant hour, UUID groupId, String groupName, UUID keyId, String keyName, long requests,
		long inputTokens, long outputTokens, BigDecimal cost) {

	static final String HEADER = "hour,group_id,group_name,key_id,key_name,requests,input_tokens,output_tokens,cost\r\n";

	/**
	 * The row as a CSV line (RFC 4180: CRLF, fields with commas, quotes or breaks
	 * quoted).
	 */
	String csvLine() {
		return hour + "," + groupId + "," + csv(groupName) + "," + keyId + "," + csv(keyName) + "," + requests + ","
				+ inputTokens + "," + outputTokens + "," + cost.toPlainString() + "\r\n";
	}

	static String csv(String value) {
		if (value == null) {
			return "";
		}
		if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
			return "\"" + value.replace("\"", "\"\"") + "\"";
		}
		return value;
	}

}
