package com.gahorouter.console.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/password-reset}. */
public record PasswordResetRequest(@NotBlank @Size(max = 254) String email) {
}
