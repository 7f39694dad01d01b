package com.gahorouter.console.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ApiException.FieldError;

import me.gosimple.nbvcxz.Nbvcxz;
import reactor.core.publisher.Mono;

/**
 * The contract's password rule: 12–128 characters of any kind, no composition rules,
 * refused when it is a well-known or easily guessed password (nbvcxz's dictionary-based
 * estimate) or contains the email's local part. The estimate is CPU work, so it runs on
 * the password-hashing scheduler.
 */
@Component
public class PasswordPolicy {

	static final int MIN_LENGTH = 12;
	static final int MAX_LENGTH = 128;

	private final Nbvcxz estimator = new Nbvcxz();

	private final PasswordHasher hasher;

	public PasswordPolicy(PasswordHasher hasher) {
		this.hasher = hasher;
	}

	/**
	 * The problems with {@code password} for an account with {@code email}, reported
	 * under {@code field}: a handler's domain check for
	 * {@link com.gahorouter.console.system.RequestValidator#validate(Mono, java.util.function.Function)}.
	 */
	public Mono<List<FieldError>> violations(String field, String password, String email) {
		if (password == null) {
			return Mono.just(List.of(new FieldError(field, "must not be null")));
		}
		int length = password.codePointCount(0, password.length());
		if (length < MIN_LENGTH || length > MAX_LENGTH) {
			return Mono.just(List
				.of(new FieldError(field, "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters")));
		}
		return hasher.run(() -> contentViolations(field, password, email));
	}

	/**
	 * Fails with {@code VALIDATION_FAILED} naming {@code field} when the password breaks
	 * the rule; for a service that checks it after cheaper checks (a token, a code).
	 */
	public Mono<Void> require(String field, String password, String email) {
		return violations(field, password, email)
			.flatMap(errors -> errors.isEmpty() ? Mono.empty() : Mono.error(ApiException.validation(errors)));
	}

	private List<FieldError> contentViolations(String field, String password, String email) {
		List<FieldError> errors = new ArrayList<>();
		String localPart = email == null ? "" : email.split("@", 2)[0].toLowerCase(Locale.ROOT);
		if (localPart.length() >= 3 && password.toLowerCase(Locale.ROOT).contains(localPart)) {
			errors.add(new FieldError(field, "must not contain your email address"));
		}
		else if (!estimator.estimate(password).isMinimumEntropyMet()) {
			errors.add(new FieldError(field, "is too common or too easy to guess; try a longer passphrase"));
		}
		return errors;
	}

}
