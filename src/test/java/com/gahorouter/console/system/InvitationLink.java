package com.gahorouter.console.system;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to {@code POST /api/invitations}: the only time the link's token is shown.
 *
 * @param id the invitation's id
 * @param token the secret token of the link
 * @param url the link to send
 * @param expiresAt when the link stops working
 * @param maxUses how many people may accept it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InvitationLink(UUID id, String token, String url, Instant expiresAt, Integer maxUses) {
}
