package com.gahorouter.console.apikey;

import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/api-keys}. */
public record ApiKeyRequest(@NotBlank @Size(max = 64) String name, @NotNull UUID groupId) {
}
