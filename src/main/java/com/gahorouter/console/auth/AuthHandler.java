package com.gahorouter.console.auth;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.system.ClientAddress;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/**
 * HTTP side of sign-in, sign-out, "who am I" and password reset: read and validate the
 * request, call the service, write the answer.
 */
@Component
class AuthHandler {

	private final SignInService signIn;

	private final PasswordResetService passwordReset;

	private final RequestValidator validator;

	AuthHandler(SignInService signIn, PasswordResetService passwordReset, RequestValidator validator) {
		this.signIn = signIn;
		this.passwordReset = passwordReset;
		this.validator = validator;
	}

	Mono<ServerResponse> login(ServerRequest request) {
		return validator.validate(request.bodyToMono(LoginRequest.class))
			.flatMap(body -> signIn.login(body, ClientAddress.of(request)))
			.flatMap(result -> ServerResponse.ok().bodyValue(result));
	}

	Mono<ServerResponse> logout(ServerRequest request) {
		return ConsoleUser.of(request).flatMap(signIn::logout).then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> me(ServerRequest request) {
		return ConsoleUser.of(request).flatMap(signIn::me).flatMap(me -> ServerResponse.ok().bodyValue(me));
	}

	Mono<ServerResponse> requestPasswordReset(ServerRequest request) {
		return validator.validate(request.bodyToMono(PasswordResetRequest.class))
			.flatMap(body -> passwordReset.request(body.email(), ClientAddress.of(request)))
			.then(ServerResponse.accepted().build());
	}

	Mono<ServerResponse> confirmPasswordReset(ServerRequest request) {
		// The code is checked before the new password's policy (PasswordResetService).
		return validator.validate(request.bodyToMono(PasswordResetConfirmation.class))
			.flatMap(body -> passwordReset.confirm(body, ClientAddress.of(request)))
			.then(ServerResponse.noContent().build());
	}

}
