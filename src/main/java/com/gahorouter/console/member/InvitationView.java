package com.gahorouter.console.member;

import java.time.Instant;
import java.util.UUID;

/** One entry of {@code GET /api/invitations} (never the token). */
public record InvitationView(UUID id, String email, Instant createdAt, Instant expiresAt, int maxUses, int uses,
		Status status) {

	/** Whether the link can still be used, and if not, why. */
	public enum Status {

		ACTIVE, EXPIRED, REVOKED, USED_UP

	}

	static InvitationView of(Invitation invitation, Instant now) {
		return new InvitationView(invitation.id(), invitation.email(), invitation.createdAt(), invitation.expiresAt(),
				invitation.maxUses(), invitation.uses(), invitation.status(now));
	}
}
