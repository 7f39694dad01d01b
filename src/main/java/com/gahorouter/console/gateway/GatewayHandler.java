package com.gahorouter.console.gateway;

import java.util.Iterator;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ClientAddress;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.JsonBodies;
import com.gahorouter.console.system.RequestValidator;
import com.gahorouter.console.usage.UsageIngestion;
import com.gahorouter.console.usage.UsageOutcome;
import com.gahorouter.console.usage.UsageReport;

import reactor.core.publisher.Mono;

/**
 * HTTP side of the gateway's endpoints; {@link GatewayRoutes} guards them with the
 * gateway token.
 */
@Component
class GatewayHandler {

	private static final String BEARER = "Bearer ";

	private final KeyCheckService keyChecks;

	private final UsageIngestion usage;

	private final UsageBatch batches;

	private final RequestValidator validator;

	private final JsonBodies bodies;

	private final KeyCheckAnswers answers;

	GatewayHandler(KeyCheckService keyChecks, UsageIngestion usage, UsageBatch batches, RequestValidator validator,
			JsonBodies bodies, KeyCheckAnswers answers) {
		this.keyChecks = keyChecks;
		this.usage = usage;
		this.batches = batches;
		this.validator = validator;
		this.bodies = bodies;
		this.answers = answers;
	}

	Mono<ServerResponse> checkKey(ServerRequest request) {
		return validator.validate(bodies.read(request, KeyCheckRequest.class))
			.flatMap(body -> keyChecks.check(body.key(), body.clientIp()))
			.flatMap(decision -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(answers.json(decision)));
	}

	Mono<ServerResponse> reportUsage(ServerRequest request) {
		return validator.validate(bodies.read(request, UsageReport.class))
			.flatMap(usage::record)
			.then(ServerResponse.accepted().build());
	}

	/**
	 * {@code POST /internal/usage/batch}: one outcome per report, in request order; the
	 * recorded ones are committed before the answer.
	 */
	Mono<ServerResponse> reportUsageBatch(ServerRequest request) {
		return batches.read(request).flatMap(entries -> {
			List<UsageReport> valid = entries.stream()
				.filter(entry -> entry.report() != null)
				.map(UsageBatch.Entry::report)
				.toList();
			Mono<List<UsageOutcome>> recorded = valid.isEmpty() ? Mono.just(List.of()) : usage.recordAll(valid);
			return recorded.map(outcomes -> {
				Iterator<UsageOutcome> next = outcomes.iterator();
				return entries.stream().map(entry -> entry.report() != null ? next.next() : entry.rejection()).toList();
			});
		}).flatMap(results -> ServerResponse.ok().bodyValue(new UsageBatch.Results(results)));
	}

	/**
	 * OpenAI-style model list for the key in {@code Authorization}; refused as the key
	 * check would refuse.
	 */
	Mono<ServerResponse> models(ServerRequest request) {
		String header = request.headers().firstHeader(HttpHeaders.AUTHORIZATION);
		String key = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
				? header.substring(BEARER.length()).trim() : null;
		return keyChecks.checkPresented(key, ClientAddress.of(request)).flatMap(decision -> {
			if (decision.allowed()) {
				return ServerResponse.ok().bodyValue(ModelList.of(decision.group()));
			}
			ErrorCode code = decision.reason().isAuthenticationFailure() ? ErrorCode.UNAUTHENTICATED
					: ErrorCode.FORBIDDEN;
			return Mono.error(new ApiException(code, "This key may not be used: " + decision.reason() + "."));
		});
	}

}
