package com.gahorouter.console.auth;

/** What a user may do: run the platform, run one tenant, or use one tenant's console. */
public enum Role {

	SYSTEM_ADMIN, TENANT_ADMIN, MEMBER;

	/** The Spring Security authority name ({@code ROLE_…}) the route rules test. */
	public String authority() {
		return "ROLE_" + name();
	}

}
