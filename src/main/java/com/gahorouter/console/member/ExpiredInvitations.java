package com.gahorouter.console.member;

import java.time.Instant;

import org.springframework.stereotype.Component;

import com.gahorouter.console.system.ExpiredRows;

import reactor.core.publisher.Mono;

/**
 * Invitations that expired or were revoked before the cut-off (the admin's list shows
 * them until then).
 */
@Component
class ExpiredInvitations implements ExpiredRows {

	private final InvitationRepository invitations;

	ExpiredInvitations(InvitationRepository invitations) {
		this.invitations = invitations;
	}

	@Override
	public String name() {
		return "invitations";
	}

	@Override
	public Mono<Long> deleteExpired(Instant deadBefore, int batch) {
		return invitations.deleteDead(deadBefore, batch);
	}

}
