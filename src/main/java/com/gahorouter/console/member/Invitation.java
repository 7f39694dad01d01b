package com.gahorouter.console.member;

import java.time.Instant;
import java.util.UUID;

/** An invitation as stored (without its token, which is kept only as a hash). */
record Invitation(UUID id, UUID tenantId, String email, Instant createdAt, Instant expiresAt, int maxUses, int uses,
		Instant revokedAt) {

	InvitationView.Status status(Instant now) {
		if (revokedAt != null) {
			return InvitationView.Status.REVOKED;
		}
		if (uses >= maxUses) {
			return InvitationView.Status.USED_UP;
		}
		return now.isBefore(expiresAt) ? InvitationView.Status.ACTIVE : InvitationView.Status.EXPIRED;
	}
}
