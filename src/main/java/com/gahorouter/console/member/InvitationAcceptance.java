package com.gahorouter.console.member;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/invitations/{token}/accept}; the password follows the registration
 * rule.
 */
public record InvitationAcceptance(
		@NotBlank @Email(regexp = ".+@.+\\..+",
				message = "must be a valid email address") @Size(max = 254) String email,
		String password, @NotBlank @Size(max = 64) String name) {
}
