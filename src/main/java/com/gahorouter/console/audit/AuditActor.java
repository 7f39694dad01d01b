package com.gahorouter.console.audit;

import java.util.UUID;

/**
 * Who did an audited action, as plain values: this package sits below {@code auth} and
 * cannot see its user type ({@code auth.ConsoleUser} implements {@link Source}).
 *
 * @param id the user's id; null for the system or an unknown email
 * @param email the user's email, or the email a failed sign-in named; null for the system
 * @param role {@code TENANT_ADMIN}, {@code MEMBER}, {@code SYSTEM_ADMIN} or
 * {@code SYSTEM}
 * @param tenantId the user's tenant; null for the operator and the system
 * @param ip the client's address; null to take the one of the current request
 * ({@link ClientAddressContext})
 */
public record AuditActor(UUID id, String email, String role, UUID tenantId, String ip) {

	/**
	 * The role of an action no user did (a payment provider's webhook, a background job).
	 */
	public static final String SYSTEM_ROLE = "SYSTEM";

	/** An actor without a user: a payment provider's webhook, a background job. */
	public static AuditActor system() {
		return new AuditActor(null, null, SYSTEM_ROLE, null, null);
	}

	/** A user, with the address of the current request. */
	public static AuditActor user(UUID id, String email, String role, UUID tenantId) {
		return new AuditActor(id, email, role, tenantId, null);
	}

	AuditActor withIp(String ip) {
		return new AuditActor(id, email, role, tenantId, ip);
	}

	/**
	 * A signed-in user that can name itself as an actor; {@link AuditLog} finds it as the
	 * principal of the current request.
	 */
	public interface Source {

		AuditActor auditActor();

	}

}
