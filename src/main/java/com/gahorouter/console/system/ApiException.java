package com.gahorouter.console.system;

import java.time.Duration;
import java.util.List;

/**
 * A failure the client can act on, carrying the contract's error code. Services signal
 * with it; {@link ProblemExceptionHandler} turns it into problem+json.
 */
public class ApiException extends RuntimeException {

	private final ErrorCode code;

	private final List<FieldError> errors;

	private final Duration retryAfter;

	public ApiException(ErrorCode code, String detail) {
		this(code, detail, List.of(), null);
	}

	private ApiException(ErrorCode code, String detail, List<FieldError> errors, Duration retryAfter) {
		super(detail, null, false, false);
		this.code = code;
		this.errors = List.copyOf(errors);
		this.retryAfter = retryAfter;
	}

	public static ApiException validation(List<FieldError> errors) {
		return new ApiException(ErrorCode.VALIDATION_FAILED, "The request has invalid fields.", errors, null);
	}

	public static ApiException validation(String field, String message) {
		return validation(List.of(new FieldError(field, message)));
	}

	public static ApiException notFound() {
		return new ApiException(ErrorCode.NOT_FOUND, "No such resource.");
	}

	public static ApiException forbidden() {
		return new ApiException(ErrorCode.FORBIDDEN, "Your role may not do this.");
	}

	public static ApiException rateLimited(Duration retryAfter) {
		return new ApiException(ErrorCode.RATE_LIMITED, "Too many attempts; try again later.", List.of(), retryAfter);
	}

	public static ApiException unavailable(String detail, Duration retryAfter) {
		return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, detail, List.of(), retryAfter);
	}

	public ErrorCode code() {
		return code;
	}

	public List<FieldError> errors() {
		return errors;
	}

	/** When set, the response carries a {@code Retry-After} header. */
	public Duration retryAfter() {
		return retryAfter;
	}

	/** One entry of a validation problem's {@code errors} array. */
	public record FieldError(String field, String message) {
	}

}
