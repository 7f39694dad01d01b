package com.gahorouter.console.gateway;

/** Why the key check refuses a key (the contract's reasons). */
public enum RefusalReason {

	UNKNOWN_KEY, KEY_REVOKED, KEY_UNBOUND, KEY_EXPIRED, IP_NOT_ALLOWED, SPEND_LIMIT_REACHED, GROUP_NOT_AVAILABLE,
	INSUFFICIENT_BALANCE;

	/**
	 * How {@code /v1/models} answers a refused key: an unusable key is 401, a usable one
	 * that may not call is 403.
	 */
	boolean isAuthenticationFailure() {
		return this == UNKNOWN_KEY || this == KEY_REVOKED;
	}

}
