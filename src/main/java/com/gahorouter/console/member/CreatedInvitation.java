package com.gahorouter.console.member;

import java.time.Instant;
import java.util.UUID;

/** The answer of {@code POST /api/invitations}: the only time the token is shown. */
public record CreatedInvitation(UUID id, String token, String url, String email, Instant expiresAt, int maxUses) {
}
