package com.gahorouter.console.system;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The gateway's key check answer ({@code POST /internal/key-checks}); the fields of an
 * allowed call are null on a refusal, and {@code reason} is null on an allowed one.
 *
 * @param allowed whether the call may go ahead (boxed: a missing field is null, never
 * false)
 * @param tenantId the key's tenant
 * @param keyId the key's id
 * @param groupId the group the call is admitted (and charged) under
 * @param platform the group's platform
 * @param rateMultiplier the group's multiplier, as the decimal string of the JSON
 * @param reason why the call is refused
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record KeyCheck(Boolean allowed, UUID tenantId, UUID keyId, UUID groupId, String platform, String rateMultiplier,
		String reason) {
}
