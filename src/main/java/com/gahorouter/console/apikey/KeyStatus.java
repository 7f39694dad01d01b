package com.gahorouter.console.apikey;

/**
 * Whether a key can be used: bound to a group, waiting for one after a region change, or
 * revoked for good.
 */
public enum KeyStatus {

	ACTIVE, PENDING_REASSIGNMENT, REVOKED,

	/** Shown for a key past its {@code expiresAt}; never stored. */
	EXPIRED

}
