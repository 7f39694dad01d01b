package com.gahorouter.console.region;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.JsonBodies;
import com.gahorouter.console.system.QueryParameters;
import com.gahorouter.console.system.RequestValidator;
import com.gahorouter.console.tenant.Region;

import reactor.core.publisher.Mono;

/** HTTP side of the region change: pre-check, the change itself and its audit trail. */
@Component
class RegionHandler {

	/**
	 * Room for a pre-check's fields but its keys (the groups lost and gained, the
	 * compliance notice).
	 */
	private static final int OTHER_FIELDS_BYTES = 16 * 1024;

	private final RegionChangeService regionChanges;

	private final RequestValidator validator;

	private final JsonBodies bodies;

	RegionHandler(RegionChangeService regionChanges, RequestValidator validator, JsonBodies bodies) {
		this.regionChanges = regionChanges;
		this.validator = validator;
		this.bodies = bodies;
	}

	Mono<ServerResponse> precheck(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> regionChanges.precheck(admin,
					QueryParameters.requiredEnum(request, "target", Region.class)))
			.flatMap(precheck -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.body(bodies.large(precheck, AffectedKeysJson.bytes(precheck.affectedKeys()) + OTHER_FIELDS_BYTES)));
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
