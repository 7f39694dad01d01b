package com.gahorouter.console.region;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.QueryParameters;
import com.gahorouter.console.system.RequestValidator;
import com.gahorouter.console.tenant.Region;

import reactor.core.publisher.Mono;

/** HTTP side of the region change: pre-check, the change itself and its audit trail. */
@Component
class RegionHandler {

	private final RegionChangeService regionChanges;

	private final RequestValidator validator;

	RegionHandler(RegionChangeService regionChanges, RequestValidator validator) {
		this.regionChanges = regionChanges;
		this.validator = validator;
	}

	Mono<ServerResponse> precheck(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> regionChanges.precheck(admin,
					QueryParameters.requiredEnum(request, "target", Region.class)))
			.flatMap(precheck -> ServerResponse.ok().bodyValue(precheck));
	}

	Mono<ServerResponse> changeRegion(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(validator.validate(request.bodyToMono(RegionChangeRequest.class)))
			.flatMap(adminAndBody -> regionChanges.change(adminAndBody.getT1(), adminAndBody.getT2()))
			.flatMap(change -> ServerResponse.ok().bodyValue(change));
	}

	Mono<ServerResponse> regionHistory(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> regionChanges.history(admin).collectList())
			.flatMap(history -> ServerResponse.ok().bodyValue(history));
	}

}
