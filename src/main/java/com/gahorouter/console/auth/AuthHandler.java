package com.gahorouter.console.auth;

import java.util.Arrays;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.system.ClientAddress;
import com.gahorouter.console.system.RequestValidator;
import com.gahorouter.console.tenant.Region;

import reactor.core.publisher.Mono;

/** HTTP side of sign-up and sign-in: read and validate the request, call the service, write the answer. */
@Component
class AuthHandler {

    private final RegistrationService registration;
    private final SignInService signIn;
    private final PasswordResetService passwordReset;
    private final RequestValidator validator;
    private final AuthConfigView config;

    AuthHandler(RegistrationService registration, SignInService signIn, PasswordResetService passwordReset,
            RequestValidator validator, TurnstileProperties turnstile, AuthProperties auth) {
        this.registration = registration;
        this.signIn = signIn;
        this.passwordReset = passwordReset;
        this.validator = validator;
        this.config = new AuthConfigView(turnstile.enabled(), turnstile.siteKey(),
                Arrays.stream(Region.values()).map(r -> new AuthConfigView.RegionOption(r.name(), r.label())).toList(),
                new AuthConfigView.AgreementUrls(auth.serviceAgreementUrl(), auth.privacyPolicyUrl()));
    }

    Mono<ServerResponse> config(ServerRequest request) {
        return ServerResponse.ok().bodyValue(config);
    }

    Mono<ServerResponse> register(ServerRequest request) {
        return request.bodyToMono(RegistrationRequest.class)
                .switchIfEmpty(Mono.error(RequestValidator::missingBody))
                .flatMap(body -> registration.register(body, ClientAddress.of(request)))
                .flatMap(result -> ServerResponse.status(HttpStatus.CREATED).bodyValue(result));
    }

    Mono<ServerResponse> login(ServerRequest request) {
        return validator.validate(request.bodyToMono(LoginRequest.class))
                .flatMap(signIn::login)
                .flatMap(result -> ServerResponse.ok().bodyValue(result));
    }

    Mono<ServerResponse> logout(ServerRequest request) {
        return ConsoleUser.of(request)
                .flatMap(signIn::logout)
                .then(ServerResponse.noContent().build());
    }

    Mono<ServerResponse> me(ServerRequest request) {
        return ConsoleUser.of(request)
                .flatMap(signIn::me)
                .flatMap(me -> ServerResponse.ok().bodyValue(me));
    }

    Mono<ServerResponse> requestPasswordReset(ServerRequest request) {
        return validator.validate(request.bodyToMono(PasswordResetRequest.class))
                .flatMap(body -> passwordReset.request(body.email(), ClientAddress.of(request)))
                .then(ServerResponse.accepted().build());
    }

    Mono<ServerResponse> confirmPasswordReset(ServerRequest request) {
        return validator.validate(request.bodyToMono(PasswordResetConfirmation.class))
                .flatMap(passwordReset::confirm)
                .then(ServerResponse.noContent().build());
    }
}
