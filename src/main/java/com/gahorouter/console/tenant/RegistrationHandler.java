package com.gahorouter.console.tenant;

import java.util.Arrays;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.AuthProperties;
import com.gahorouter.console.auth.PasswordPolicy;
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

	private final RequestValidator validator;

	private final PasswordPolicy passwordPolicy;

	private final AuthConfigView config;

	RegistrationHandler(RegistrationService registration, RequestValidator validator, PasswordPolicy passwordPolicy,
			TurnstileProperties turnstile, AuthProperties auth) {
		this.registration = registration;
		this.validator = validator;
		this.passwordPolicy = passwordPolicy;
		this.config = new AuthConfigView(turnstile.enabled(), turnstile.siteKey(),
				Arrays.stream(Region.values()).map(r -> new AuthConfigView.RegionOption(r.name(), r.label())).toList(),
				new AuthConfigView.AgreementUrls(auth.serviceAgreementUrl(), auth.privacyPolicyUrl()));
	}

	Mono<ServerResponse> config(ServerRequest request) {
		return ServerResponse.ok().bodyValue(config);
	}

	/**
	 * An attempt counts against the client IP's allowance once its body is read, before
	 * validation.
	 */
	Mono<ServerResponse> register(ServerRequest request) {
		String clientIp = ClientAddress.of(request);
		Mono<RegistrationRequest> body = request.bodyToMono(RegistrationRequest.class)
			.delayUntil(read -> registration.admit(clientIp));
		return validator.validate(body, read -> passwordPolicy.violations("password", read.password(), read.email()))
			.flatMap(valid -> registration.register(valid, clientIp))
			.flatMap(result -> ServerResponse.status(HttpStatus.CREATED).bodyValue(result));
	}

}
