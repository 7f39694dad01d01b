package com.gahorouter.console.system;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import reactor.core.publisher.Mono;

/**
 * Runs Jakarta Bean Validation on a request record, and the domain rules its annotations
 * cannot say (a password policy, an amount), and signals one {@code VALIDATION_FAILED}
 * with one {@code errors[]} entry per invalid field, ordered by field name. Handlers call
 * it right after reading the body.
 */
@Component
public class RequestValidator {

	private final Validator validator;

	public RequestValidator(Validator validator) {
		this.validator = validator;
		// The first failed validation loads the message bundles from the jar (file I/O):
		// do it now, at
		// start-up, rather than on an event-loop thread during the first bad request.
		validator.validate(new WarmUp(null));
	}

	/**
	 * Emits the body when valid, else an {@link ApiException}; an absent body is
	 * {@code MALFORMED_REQUEST}.
	 */
	public <T> Mono<T> validate(Mono<T> body) {
		return validate(body, value -> Mono.just(List.of()));
	}

	/**
	 * Emits the body when it is valid and passes {@code domainChecks}, else one
	 * {@link ApiException} listing the violations of both (sorted by field, annotations
	 * first within a field); an absent body is {@code MALFORMED_REQUEST}. The checks run
	 * whatever the annotations found, so that one answer lists every problem.
	 * @param domainChecks the body's violations of rules beyond its annotations, under
	 * its field names; a check that is CPU work runs on a scheduler of its own
	 */
	public <T> Mono<T> validate(Mono<T> body, Function<? super T, Mono<List<ApiException.FieldError>>> domainChecks) {
		return body.switchIfEmpty(Mono.error(RequestValidator::missingBody))
			.flatMap(value -> domainChecks.apply(value).defaultIfEmpty(List.of()).handle((domainErrors, sink) -> {
				List<ApiException.FieldError> errors = new ArrayList<>(violations(value));
				errors.addAll(domainErrors);
				if (errors.isEmpty()) {
					sink.next(value);
				}
				else {
					// Stable: within a field, the annotations' errors stay first.
					errors.sort(Comparator.comparing(ApiException.FieldError::field));
					sink.error(ApiException.validation(errors));
				}
			}));
	}

	/** The error for a request that should have had a JSON body and had none. */
	public static ApiException missingBody() {
		return new ApiException(ErrorCode.MALFORMED_REQUEST, "A JSON body is required.");
	}

	/**
	 * The violations of one value, ordered by field name so answers are stable: its
	 * annotations', then the {@link PlainText} rule of every text in it (no control
	 * characters; no bidi overrides in names).
	 */
	public <T> List<ApiException.FieldError> violations(T value) {
		List<ApiException.FieldError> errors = new ArrayList<>(
				validator.validate(value).stream().map(RequestValidator::toFieldError).toList());
		errors.addAll(PlainText.violations(value));
		errors.sort(Comparator.comparing(ApiException.FieldError::field));
		return List.copyOf(errors);
	}

	/** Hibernate Validator's names of container element nodes. */
	private static final Pattern CONTAINER_ELEMENT = Pattern.compile("\\.<[a-z ]+>");

	private record WarmUp(@NotNull String value) {
	}

	/**
	 * The field as a client names it: a list element is {@code keyBudgetThresholds[0]},
	 * without the validator's {@code .<list element>} node.
	 */
	private static ApiException.FieldError toFieldError(ConstraintViolation<?> violation) {
		String field = CONTAINER_ELEMENT.matcher(violation.getPropertyPath().toString()).replaceAll("");
		return new ApiException.FieldError(field, violation.getMessage());
	}

}
