package com.gahorouter.console.governance;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.alert.AlertSettingsRequest;
import com.gahorouter.console.alert.Alerts;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.QueryParameters;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/**
 * HTTP side of alerts: the tenant admin's settings and the deliveries of their crossings
 * (the security rules admit only the tenant admin).
 */
@Component
class AlertHandler {

	private final Alerts alerts;

	private final RequestValidator validator;

	AlertHandler(Alerts alerts, RequestValidator validator) {
		this.alerts = alerts;
		this.validator = validator;
	}

	Mono<ServerResponse> settings(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> alerts.settings(admin.requireTenant()))
			.flatMap(settings -> ServerResponse.ok().bodyValue(settings));
	}

	Mono<ServerResponse> update(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(validator.validate(request.bodyToMono(AlertSettingsRequest.class),
					body -> Mono.just(alerts.violations(body))))
			.flatMap(adminAndBody -> alerts.update(adminAndBody.getT1().auditActor(),
					adminAndBody.getT1().requireTenant(), adminAndBody.getT2()))
			.flatMap(settings -> ServerResponse.ok().bodyValue(settings));
	}

	Mono<ServerResponse> deliveries(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> alerts
				.deliveries(admin.requireTenant(),
						QueryParameters.wholeNumber(request, "limit", AuditLogHandler.DEFAULT_LIMIT, 1,
								AuditLogHandler.MAX_LIMIT),
						QueryParameters.uuid(request, "before", "must be the id of a delivery").orElse(null))
				.collectList())
			.flatMap(deliveries -> ServerResponse.ok().bodyValue(deliveries));
	}

}
