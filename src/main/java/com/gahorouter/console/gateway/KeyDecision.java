package com.gahorouter.console.gateway;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.gahorouter.console.catalog.ModelGroup;

/**
 * The answer of {@code POST /internal/key-checks}: either allowed, with what the gateway
 * needs to route and bill the call, or refused with a reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyDecision(boolean allowed, RefusalReason reason, UUID tenantId, UUID keyId, UUID groupId,
		String platform, String rateMultiplier, @JsonIgnore ModelGroup group) {

	static KeyDecision allow(UUID tenantId, UUID keyId, ModelGroup group) {
		return new KeyDecision(true, null, tenantId, keyId, group.id(), group.platform(), group.rateMultiplierText(),
				group);
	}

	static KeyDecision refuse(RefusalReason reason) {
		return new KeyDecision(false, reason, null, null, null, null, null, null);
	}
}
