package com.gahorouter.console.tenant;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/register}. The password rule is
 * {@link com.gahorouter.console.auth.PasswordPolicy}, checked with the annotations in one
 * validation; the agreement and the Turnstile token are checked after validation, in the
 * contract's order.
 */
public record RegistrationRequest(
		@NotBlank @Email(regexp = ".+@.+\\..+",
				message = "must be a valid email address") @Size(max = 254) String email,
		String password, @NotBlank @Size(min = 2, max = 64) String tenantName,
		@NotBlank @Size(min = 1, max = 64) String contactName,
		@NotBlank @Pattern(regexp = PHONE, message = "must be + and 6 to 15 digits") String contactPhone,
		@NotNull Region region, String turnstileToken, Boolean agreementAccepted) {

	/** E.164-like: {@code +} then 6–15 digits; spaces and dashes are ignored. */
	static final String PHONE = "^\\+(?:[ -]*[0-9]){6,15}[ -]*$";

	/** The phone as stored: without spaces and dashes. */
	String normalizedPhone() {
		return contactPhone.replaceAll("[ -]", "");
	}
}
