package com.gahorouter.console.system;

import org.springframework.http.HttpStatus;

/**
 * The stable machine codes of the contract's error table, each with its HTTP status. The
 * codes after {@code SERVICE_UNAVAILABLE} are additions documented in the README.
 */
public enum ErrorCode {

	VALIDATION_FAILED(HttpStatus.BAD_REQUEST, "Validation failed"),
	MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
	AGREEMENT_REQUIRED(HttpStatus.BAD_REQUEST, "Agreement required"),
	HUMAN_VERIFICATION_FAILED(HttpStatus.BAD_REQUEST, "Human verification failed"),
	EMAIL_ALREADY_REGISTERED(HttpStatus.CONFLICT, "Email already registered"),
	INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED, "Invalid credentials"),
	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "Unauthenticated"), FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
	NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"), REGION_UNCHANGED(HttpStatus.CONFLICT, "Region unchanged"),
	COMPLIANCE_ACK_REQUIRED(HttpStatus.BAD_REQUEST, "Compliance acknowledgement required"),
	CONCURRENT_MODIFICATION(HttpStatus.CONFLICT, "Concurrent modification"),
	GROUP_NOT_AVAILABLE(HttpStatus.UNPROCESSABLE_CONTENT, "Group not available"),
	INVITATION_INVALID(HttpStatus.GONE, "Invitation invalid"),
	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
	QUOTA_EXCEEDED(HttpStatus.CONFLICT, "Quota exceeded"),
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

	// Additions to the contract (README, "API additions").
	GROUP_NAME_TAKEN(HttpStatus.CONFLICT, "Model group name taken"),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
	INVALID_SIGNATURE(HttpStatus.UNAUTHORIZED, "Invalid signature"),
	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

	private final HttpStatus status;

	private final String title;

	ErrorCode(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	public HttpStatus status() {
		return status;
	}

	public String title() {
		return title;
	}

	/** The problem {@code type} URI of this code. */
	public String type() {
		return "https://gahorouter.com/problems/" + name().toLowerCase().replace('_', '-');
	}

}
