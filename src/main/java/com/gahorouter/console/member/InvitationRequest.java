package com.gahorouter.console.member;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/** {@code POST /api/invitations}: every field is optional. */
public record InvitationRequest(
		@Email(regexp = ".+@.+\\..+", message = "must be a valid email address") @Size(max = 254) String email,
		@Min(1) @Max(720) Integer expiresInHours, @Min(1) @Max(1000) Integer maxUses) {

	static final int DEFAULT_EXPIRY_HOURS = 72;
	static final int DEFAULT_MAX_USES = 1;

	int expiryHours() {
		return expiresInHours == null ? DEFAULT_EXPIRY_HOURS : expiresInHours;
	}

	int uses() {
		return maxUses == null ? DEFAULT_MAX_USES : maxUses;
	}
}
