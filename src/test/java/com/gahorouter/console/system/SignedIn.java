package com.gahorouter.console.system;

import java.util.Map;
import java.util.UUID;

/**
 * What a sign-in answer (registration, login, accepted invitation) tells a test.
 *
 * @param token the session token
 * @param userId the account's id
 * @param email the account's email as stored
 * @param role {@code TENANT_ADMIN}, {@code MEMBER} or {@code SYSTEM_ADMIN}
 * @param tenantId the tenant's id, null for the platform operator
 * @param region the tenant's region, null for the platform operator
 */
public record SignedIn(String token, UUID userId, String email, String role, UUID tenantId, String region) {

	@SuppressWarnings("unchecked")
	static SignedIn of(Map<String, Object> answer) {
		Map<String, Object> user = (Map<String, Object>) answer.get("user");
		Map<String, Object> tenant = (Map<String, Object>) answer.get("tenant");
		return new SignedIn((String) answer.get("token"), UUID.fromString((String) user.get("id")),
				(String) user.get("email"), (String) user.get("role"),
				tenant == null ? null : UUID.fromString((String) tenant.get("id")),
				tenant == null ? null : (String) tenant.get("region"));
	}

}
