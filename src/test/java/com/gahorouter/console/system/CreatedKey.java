package com.gahorouter.console.system;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to {@code POST /api/api-keys}: the only time the key's secret is shown.
 *
 * @param id the key's id
 * @param name its name
 * @param key the secret ({@code gk-…})
 * @param prefix the secret's first 8 characters
 * @param groupId the group it is bound to
 * @param status {@code ACTIVE} for a new key
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CreatedKey(UUID id, String name, String key, String prefix, UUID groupId, String status) {
}
