package com.gahorouter.console.apikey;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Requests and tokens per minute the gateway allows a key; null: no limit.
 *
 * @param rpm requests per minute
 * @param tpm tokens per minute
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RateLimit(Integer rpm, Integer tpm) {

	/** No limit on either. */
	public static final RateLimit NONE = new RateLimit(null, null);

	boolean isNone() {
		return rpm == null && tpm == null;
	}

}
