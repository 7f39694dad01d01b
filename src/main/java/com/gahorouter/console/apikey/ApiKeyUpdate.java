package com.gahorouter.console.apikey;

import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PUT /api/api-keys/{id}}: each field is optional; a new group makes a pending key
 * active again.
 */
public record ApiKeyUpdate(
		@Size(min = 1, max = 64) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
		UUID groupId) {
}
