package com.gahorouter.console.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/password-reset/confirm}; the new password follows
 * {@link PasswordPolicy}.
 */
public record PasswordResetConfirmation(@NotBlank @Size(max = 254) String email,
		@NotBlank @Pattern(regexp = "^[0-9]{6}$", message = "must be the 6-digit code from the email") String code,
		String newPassword) {
}
