package com.gahorouter.console.apikey;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/** HTTP side of {@code /api/api-keys}. */
@Component
class ApiKeyHandler {

	private final ApiKeyService keys;

	private final RequestValidator validator;

	ApiKeyHandler(ApiKeyService keys, RequestValidator validator) {
		this.keys = keys;
		this.validator = validator;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> keys.list(user, ListPage.limit(request), ListPage.before(request)).collectList())
			.flatMap(list -> ServerResponse.ok().bodyValue(list));
	}

	Mono<ServerResponse> create(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(validator.validate(request.bodyToMono(ApiKeyRequest.class)))
			.flatMap(userAndBody -> keys.create(userAndBody.getT1(), userAndBody.getT2()))
			.flatMap(created -> ServerResponse.status(HttpStatus.CREATED).bodyValue(created));
	}

	Mono<ServerResponse> update(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(validator.validate(request.bodyToMono(ApiKeyUpdate.class)))
			.flatMap(userAndBody -> keys.update(userAndBody.getT1(), PathIds.uuid(request, "id"), userAndBody.getT2()))
			.flatMap(key -> ServerResponse.ok().bodyValue(key));
	}

	Mono<ServerResponse> revoke(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> keys.revoke(user, PathIds.uuid(request, "id")))
			.then(ServerResponse.noContent().build());
	}

}
