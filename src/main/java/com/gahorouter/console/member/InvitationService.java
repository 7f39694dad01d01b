package com.gahorouter.console.member;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.auth.AccountService;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.auth.PasswordPolicy;
import com.gahorouter.console.auth.Role;
import com.gahorouter.console.auth.SignIn;
import com.gahorouter.console.auth.SignInService;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.RequestValidator;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.tenant.TenantService;

import io.r2dbc.spi.Readable;
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

	private static final String COLUMNS = "id, tenant_id, email, created_at, expires_at, max_uses, uses, revoked_at";

	private final DatabaseClient db;

	private final TenantService tenants;

	private final AccountService accounts;

	private final SignInService signIn;

	private final PasswordPolicy passwordPolicy;

	private final RequestValidator validator;

	private final TransactionalOperator transaction;

	private final InvitationProperties properties;

	public InvitationService(DatabaseClient db, TenantService tenants, AccountService accounts, SignInService signIn,
			PasswordPolicy passwordPolicy, RequestValidator validator, TransactionalOperator transaction,
			InvitationProperties properties) {
		this.db = db;
		this.tenants = tenants;
		this.accounts = accounts;
		this.signIn = signIn;
		this.passwordPolicy = passwordPolicy;
		this.validator = validator;
		this.transaction = transaction;
		this.properties = properties;
	}

	public Mono<CreatedInvitation> create(ConsoleUser admin, InvitationRequest request) {
		UUID tenantId = admin.requireTenant();
		String token = Secrets.randomToken(TOKEN_BYTES);
		Instant expiresAt = Instant.now().plus(Duration.ofHours(request.expiryHours()));
		String email = request.email() == null || request.email().isBlank() ? null : request.email().trim();
		UUID id = Secrets.newId();
		var insert = db
			.sql("insert into invitations (id, tenant_id, token_hash, email, created_by, expires_at, max_uses) "
					+ "values (:id, :tenantId, :hash, :email, :createdBy, :expiresAt, :maxUses)")
			.bind("id", id)
			.bind("tenantId", tenantId)
			.bind("hash", Secrets.sha256Hex(token))
			.bind("createdBy", admin.userId())
			.bind("expiresAt", expiresAt)
			.bind("maxUses", request.uses());
		insert = email == null ? insert.bindNull("email", String.class) : insert.bind("email", email);
		return insert.then()
			.thenReturn(new CreatedInvitation(id, token, link(token), email, expiresAt, request.uses()));
	}

	/** The admin's tenant's invitations, newest first. */
	public Flux<InvitationView> list(ConsoleUser admin) {
		Instant now = Instant.now();
		return db.sql("select " + COLUMNS + " from invitations where tenant_id = :tenantId order by created_at desc")
			.bind("tenantId", admin.requireTenant())
			.map(InvitationService::toInvitation)
			.all()
			.map(invitation -> InvitationView.of(invitation, now));
	}

	public Mono<Void> revoke(ConsoleUser admin, UUID invitationId) {
		return db
			.sql("update invitations set revoked_at = coalesce(revoked_at, now()) "
					+ "where id = :id and tenant_id = :tenantId")
			.bind("id", invitationId)
			.bind("tenantId", admin.requireTenant())
			.fetch()
			.rowsUpdated()
			.flatMap(updated -> updated > 0 ? Mono.<Void>empty() : Mono.error(ApiException.notFound()));
	}

	/**
	 * What the invited person sees; anything but a live link is
	 * {@code INVITATION_INVALID}.
	 */
	public Mono<InvitationPreview> preview(String token) {
		return findLive(token).flatMap(invitation -> tenants.find(invitation.tenantId())
			.map(tenant -> new InvitationPreview(tenant.name(), invitation.expiresAt())));
	}

	/** Creates a {@code MEMBER} of the invitation's tenant and signs them in. */
	public Mono<SignIn> accept(String token, InvitationAcceptance acceptance) {
		return validate(acceptance).then(findLive(token)).flatMap(invitation -> {
			if (invitation.email() != null && !invitation.email().equalsIgnoreCase(acceptance.email().trim())) {
				return Mono.error(ApiException.validation("email", "must be the email this invitation was sent to"));
			}
			return accounts.requireEmailFree(acceptance.email())
				.then(claimUse(invitation.id()))
				.then(accounts.create(invitation.tenantId(), acceptance.email(), acceptance.name(),
						acceptance.password(), Role.MEMBER))
				.flatMap(signIn::signIn)
				.as(transaction::transactional);
		});
	}

	private Mono<Void> validate(InvitationAcceptance acceptance) {
		return Mono.defer(() -> passwordPolicy.validate(validator.violations(acceptance), "password",
				acceptance.password(), acceptance.email()));
	}

	private Mono<Invitation> findLive(String token) {
		return db.sql("select " + COLUMNS + " from invitations where token_hash = :hash")
			.bind("hash", Secrets.sha256Hex(token))
			.map(InvitationService::toInvitation)
			.one()
			.filter(invitation -> invitation.status(Instant.now()) == InvitationView.Status.ACTIVE)
			.switchIfEmpty(Mono.error(InvitationService::invalid));
	}

	/**
	 * Takes one use if the link is still live; of concurrent accepts of a last use, one
	 * wins.
	 */
	private Mono<Void> claimUse(UUID invitationId) {
		return db
			.sql("update invitations set uses = uses + 1 where id = :id and revoked_at is null "
					+ "and expires_at > now() and uses < max_uses")
			.bind("id", invitationId)
			.fetch()
			.rowsUpdated()
			.flatMap(claimed -> claimed == 1 ? Mono.<Void>empty() : Mono.error(invalid()));
	}

	private String link(String token) {
		String base = properties.consoleUrl().toString();
		return (base.endsWith("/") ? base : base + "/") + "invitations/" + token;
	}

	private static ApiException invalid() {
		return new ApiException(ErrorCode.INVITATION_INVALID, "This invitation link is expired, revoked or used up.");
	}

	private static Invitation toInvitation(Readable row) {
		return new Invitation(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("email", String.class), row.get("created_at", Instant.class),
				row.get("expires_at", Instant.class), row.get("max_uses", Integer.class),
				row.get("uses", Integer.class), row.get("revoked_at", Instant.class));
	}

}
