package com.gahorouter.console.audit;

/**
 * What an audit entry records (the contract's audit actions). The first group is done by
 * a tenant's users, the second by the platform operator.
 */
public enum AuditAction {

	SIGNED_IN, SIGN_IN_FAILED, PASSWORD_CHANGED, MEMBER_ADDED, MEMBER_REMOVED, INVITATION_CREATED, INVITATION_REVOKED,
	INVITATION_ACCEPTED, API_KEY_CREATED, API_KEY_UPDATED, API_KEY_ROTATED, API_KEY_REVOKED, REGION_CHANGED,
	ALERTS_UPDATED, TOP_UP_CREATED, TOP_UP_PAID,

	MODEL_GROUP_CREATED, MODEL_GROUP_UPDATED, TENANT_ACCESS_CHANGED, BALANCE_ADJUSTED

}
