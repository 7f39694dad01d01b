package com.gahorouter.console.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What became of one usage report: {@code RECORDED} (committed and charged),
 * {@code DUPLICATE} (its request id was recorded before: charged nothing) or
 * {@code REJECTED} (not written; {@code code} and {@code detail} say why).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageOutcome(String requestId, Outcome outcome, String code, String detail) {

	/** The outcomes of {@code POST /internal/usage/batch}. */
	public enum Outcome {

		RECORDED, DUPLICATE, REJECTED

	}

	static UsageOutcome recorded(String requestId) {
		return new UsageOutcome(requestId, Outcome.RECORDED, null, null);
	}

	static UsageOutcome duplicate(String requestId) {
		return new UsageOutcome(requestId, Outcome.DUPLICATE, null, null);
	}

	/**
	 * A report refused before anything was written; {@code field} is named in the detail.
	 */
	public static UsageOutcome rejected(String requestId, String code, String field, String message) {
		return new UsageOutcome(requestId, Outcome.REJECTED, code, field + ": " + message);
	}

}
