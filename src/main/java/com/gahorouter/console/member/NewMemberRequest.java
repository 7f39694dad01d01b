package com.gahorouter.console.member;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/members}: the admin adds a member by hand; the password follows the
 * registration rule.
 */
public record NewMemberRequest(
		@NotBlank @Email(regexp = ".+@.+\\..+",
				message = "must be a valid email address") @Size(max = 254) String email,
		@NotBlank @Size(max = 64) String name, String password) {
}
