package com.gahorouter.console.gateway;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.gahorouter.console.apikey.KeySnapshot;
import com.gahorouter.console.apikey.RateLimit;
import com.gahorouter.console.catalog.ModelGroup;

/**
 * The answer of {@code POST /internal/key-checks}: either allowed, with what the gateway
 * needs to route, rate-limit and bill the call ({@code limits} always, {@code expiresAt}
 * when the key expires), or refused with a reason. An allowed decision keeps the group
 * and the key's snapshot it was made from (not part of the answer), which is all its
 * answer depends on ({@link KeyCheckAnswers}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KeyDecision(boolean allowed, RefusalReason reason, UUID tenantId, UUID keyId, UUID groupId,
		String platform, String rateMultiplier, RateLimit limits, Instant expiresAt, @JsonIgnore ModelGroup group,
		@JsonIgnore KeySnapshot key) {

	static KeyDecision allow(KeySnapshot key, ModelGroup group) {
		return new KeyDecision(true, null, key.tenantId(), key.keyId(), group.id(), group.platform(),
				group.rateMultiplierText(), key.rateLimit(), key.expiresAt(), group, key);
	}

	static KeyDecision refuse(RefusalReason reason) {
		return new KeyDecision(false, reason, null, null, null, null, null, null, null, null, null);
	}
}
