package com.gahorouter.console.member;

import java.time.Instant;

/**
 * The answer of {@code GET /api/invitations/{token}}: what the person invited sees before
 * accepting.
 */
public record InvitationPreview(String tenantName, Instant expiresAt) {
}
