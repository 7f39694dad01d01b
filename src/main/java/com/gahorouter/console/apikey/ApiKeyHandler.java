package com.gahorouter.console.apikey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** HTTP side of {@code /api/api-keys}. */
@Component
class ApiKeyHandler {

	private final ApiKeyService keys;

	private final RequestValidator validator;

	private final JsonMapper json;

	ApiKeyHandler(ApiKeyService keys, RequestValidator validator, JsonMapper json) {
		this.keys = keys;
		this.validator = validator;
		this.json = json;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> keys.list(user, ListPage.limit(request), ListPage.before(request)).collectList())
			.flatMap(list -> ServerResponse.ok().bodyValue(list));
	}

	/**
	 * The body is read as a tree: the key's fields as {@link ApiKeyRequest}, its policies
	 * as a {@link PolicyChange}; one {@code VALIDATION_FAILED} lists the errors of both.
	 */
	Mono<ServerResponse> create(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(withPolicies(request, ApiKeyRequest.class, true))
			.flatMap(userAndBody -> keys.create(userAndBody.getT1(), userAndBody.getT2().body(),
					userAndBody.getT2().policies()))
			.flatMap(created -> ServerResponse.status(HttpStatus.CREATED).bodyValue(created));
	}

	/** As {@link #create}; an absent policy field is kept, an explicit null clears it. */
	Mono<ServerResponse> update(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(withPolicies(request, ApiKeyUpdate.class, false))
			.flatMap(userAndBody -> keys.update(userAndBody.getT1(), PathIds.uuid(request, "id"),
					userAndBody.getT2().body(), userAndBody.getT2().policies()))
			.flatMap(key -> ServerResponse.ok().bodyValue(key));
	}

	Mono<ServerResponse> revoke(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> keys.revoke(user, PathIds.uuid(request, "id")))
			.then(ServerResponse.noContent().build());
	}

	/** {@code POST /api/api-keys/{id}/rotate}; the body is optional. */
	Mono<ServerResponse> rotate(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(validator
				.validate(request.bodyToMono(RotationRequest.class).defaultIfEmpty(new RotationRequest(null))))
			.flatMap(userAndBody -> keys.rotate(userAndBody.getT1(), PathIds.uuid(request, "id"), userAndBody.getT2()))
			.flatMap(rotated -> ServerResponse.status(HttpStatus.CREATED).bodyValue(rotated));
	}

	private <T> Mono<WithPolicies<T>> withPolicies(ServerRequest request, Class<T> type, boolean creating) {
		Instant now = Instant.now();
		Mono<WithPolicies<T>> body = request.bodyToMono(JsonNode.class).map(tree -> {
			if (!tree.isObject()) {
				throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The body must be a JSON object.");
			}
			try {
				return new WithPolicies<>(json.treeToValue(tree, type), PolicyChange.of(tree, now));
			}
			catch (JacksonException e) {
				throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The body has a field of the wrong type.");
			}
		});
		return validator.validate(body, parsed -> {
			List<ApiException.FieldError> errors = new ArrayList<>(validator.violations(parsed.body()));
			errors.addAll(parsed.policies().errors());
			if (creating && parsed.policies().errors().isEmpty()) {
				errors.addAll(parsed.policies().violationsAgainst(KeyPolicy.NONE));
			}
			return Mono.just(errors);
		});
	}

	/** A request body and the key policies it sets. */
	private record WithPolicies<T>(T body, PolicyChange policies) {
	}

}
