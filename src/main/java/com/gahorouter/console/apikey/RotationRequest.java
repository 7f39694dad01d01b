package com.gahorouter.console.apikey;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code POST /api/api-keys/{id}/rotate}: how long the replaced secret stays accepted
 * (default 24 h; 0 refuses it at once).
 */
public record RotationRequest(@Min(0) @Max(168) Integer gracePeriodHours) {

	static final int DEFAULT_GRACE_HOURS = 24;

	int graceHours() {
		return gracePeriodHours == null ? DEFAULT_GRACE_HOURS : gracePeriodHours;
	}

}
