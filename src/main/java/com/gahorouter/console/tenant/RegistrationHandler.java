package com.gahorouter.console.tenant;

import java.util.Arrays;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.AuthProperties;
import com.gahorouter.console.auth.TurnstileProperties;
import com.gahorouter.console.system.ClientAddress;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/**
 * HTTP side of self-registration: what the registration page needs, and the registration
 * itself.
 */
@Component
class RegistrationHandler {

	private final RegistrationService registration;

	private final AuthConfigView config;

	RegistrationHandler(RegistrationService registration, TurnstileProperties turnstile, AuthProperties auth) {
		this.registration = registration;
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

}
