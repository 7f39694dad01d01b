package com.gahorouter.console.member;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.auth.AccountService;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.auth.Role;
import com.gahorouter.console.auth.SignIn;
import com.gahorouter.console.auth.SignInService;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.tenant.TenantQuotas;
import com.gahorouter.console.tenant.TenantService;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Invitation links: a tenant admin creates them (optionally bound to one email, expiring,
 * with a number of uses), lists and revokes them; whoever holds a live link joins the
 * tenant as a {@code MEMBER} and is signed in. Tokens are 256 random bits, stored as
 * SHA-256 only. An unknown, expired, revoked or used-up link all answer the same
 * {@code INVITATION_INVALID}; a use is claimed by a conditional update in the accepting
 * transaction, so concurrent accepts never exceed {@code maxUses}.
 */
@Service
public class InvitationService {

	private static final int TOKEN_BYTES = 32;

	private final InvitationRepository invitations;

	private final TenantService tenants;

	private final AccountService accounts;

	private final SignInService signIn;

	private final TransactionalOperator transaction;

	private final InvitationProperties properties;

	private final AdmissionLimits limits;

	private final AuditLog audit;

	private final TenantQuotas quotas;

	private final MemberService members;

	InvitationService(InvitationRepository invitations, TenantService tenants, AccountService accounts,
			SignInService signIn, TransactionalOperator transaction, InvitationProperties properties,
			AdmissionLimits limits, AuditLog audit, TenantQuotas quotas, MemberService members) {
		this.audit = audit;
		this.limits = limits;
		this.quotas = quotas;
		this.members = members;
		this.invitations = invitations;
		this.tenants = tenants;
		this.accounts = accounts;
		this.signIn = signIn;
		this.transaction = transaction;
		this.properties = properties;
	}

	/**
	 * Creates a link of the admin's tenant unless its quota of open links is reached
	 * ({@code QUOTA_EXCEEDED}); the answer is the only time its token is shown.
	 */
	public Mono<CreatedInvitation> create(ConsoleUser admin, InvitationRequest request) {
		UUID tenantId = admin.requireTenant();
		String token = Secrets.randomToken(TOKEN_BYTES);
		Instant expiresAt = Instant.now().plus(Duration.ofHours(request.expiryHours()));
		String email = request.email() == null || request.email().isBlank() ? null : request.email().trim();
		UUID id = Secrets.newId();
		return quotas.requireRoom(tenantId, TenantQuotas.Quota.OPEN_INVITATIONS, () -> invitations.countOpen(tenantId))
			.then(invitations.insert(id, tenantId, Secrets.sha256Hex(token), email, admin.userId(), expiresAt,
					request.uses()))
			.then(audit.record(admin.auditActor(), tenantId, AuditAction.INVITATION_CREATED, "INVITATION", id,
					"Created an invitation" + (email == null ? "" : " for " + email) + " with " + request.uses()
							+ " use(s)"))
			.as(transaction::transactional)
			.thenReturn(new CreatedInvitation(id, token, link(token), email, expiresAt, request.uses()));
	}

	/**
	 * One page of the admin's tenant's invitations, newest first: at most {@code limit}
	 * after the link {@code before} (null: from the newest).
	 */
	public Flux<InvitationView> list(ConsoleUser admin, int limit, UUID before) {
		Instant now = Instant.now();
		return invitations.findPage(admin.requireTenant(), limit, before)
			.map(invitation -> InvitationView.of(invitation, now));
	}

	/**
	 * Revokes a link of the admin's tenant (again is fine); another tenant's or an
	 * unknown one is {@code NOT_FOUND}.
	 */
	public Mono<Void> revoke(ConsoleUser admin, UUID invitationId) {
		return invitations.revoke(admin.requireTenant(), invitationId)
			.flatMap(revoked -> revoked ? Mono.<Void>empty() : Mono.error(ApiException.notFound()))
			.then(audit.record(admin.auditActor(), admin.tenantId(), AuditAction.INVITATION_REVOKED, "INVITATION",
					invitationId, "Revoked an invitation"))
			.as(transaction::transactional);
	}

	/**
	 * What the invited person sees; anything but a live link is
	 * {@code INVITATION_INVALID}.
	 */
	public Mono<InvitationPreview> preview(String token) {
		return findLive(token).flatMap(invitation -> tenants.find(invitation.tenantId())
			.map(tenant -> new InvitationPreview(tenant.name(), invitation.expiresAt())));
	}

	/**
	 * Creates a {@code MEMBER} of the invitation's tenant and signs them in. Limited per
	 * client IP and per tenant ({@link AdmissionLimits}); the link is checked before the
	 * password's {@link com.gahorouter.console.auth.PasswordPolicy} runs, and the
	 * password is hashed before the transaction that claims a use and creates the
	 * account.
	 */
	public Mono<SignIn> accept(String token, InvitationAcceptance acceptance, String clientIp) {
		return limits.acceptFrom(clientIp).then(Mono.defer(() -> findLive(token))).flatMap(invitation -> {
			if (invitation.email() != null && !invitation.email().equalsIgnoreCase(acceptance.email().trim())) {
				return Mono.error(ApiException.validation("email", "must be the email this invitation was sent to"));
			}
			return limits.accept(invitation.tenantId())
				.then(Mono.defer(() -> accounts.requireEmailFree(acceptance.email())))
				.then(Mono.defer(() -> accounts.hashNewPassword("password", acceptance.password(), acceptance.email())))
				.flatMap(hash -> members.requireRoomForMember(invitation.tenantId())
					.then(claimUse(invitation.id()))
					.then(accounts.insert(invitation.tenantId(), acceptance.email(), acceptance.name(), hash,
							Role.MEMBER))
					.flatMap(account -> audit
						.record(account.auditActor(), account.tenantId(), AuditAction.INVITATION_ACCEPTED, "INVITATION",
								invitation.id(), "Joined by invitation as " + account.email())
						.then(signIn.signIn(account)))
					.as(transaction::transactional));
		});
	}

	private Mono<Invitation> findLive(String token) {
		return invitations.findByTokenHash(Secrets.sha256Hex(token))
			.filter(invitation -> invitation.status(Instant.now()) == InvitationView.Status.ACTIVE)
			.switchIfEmpty(Mono.error(InvitationService::invalid));
	}

	/**
	 * Takes one use if the link is still live; of concurrent accepts of a last use, one
	 * wins.
	 */
	private Mono<Void> claimUse(UUID invitationId) {
		return invitations.claimUse(invitationId)
			.flatMap(claimed -> claimed ? Mono.<Void>empty() : Mono.error(invalid()));
	}

	private String link(String token) {
		String base = properties.consoleUrl().toString();
		return (base.endsWith("/") ? base : base + "/") + "invitations/" + token;
	}

	private static ApiException invalid() {
		return new ApiException(ErrorCode.INVITATION_INVALID, "This invitation link is expired, revoked or used up.");
	}

}
