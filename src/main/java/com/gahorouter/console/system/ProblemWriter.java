package com.gahorouter.console.system;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes RFC 9457 problem+json bodies with the contract's {@code code}. The one place
 * that shapes an error response: the exception handler and Spring Security's entry points
 * both write through it.
 */
@Component
public class ProblemWriter {

	private final JsonMapper json;

	private static boolean mayHaveUnreadBody(ServerWebExchange exchange) {
		HttpHeaders request = exchange.getRequest().getHeaders();
		return request.getContentLength() > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING);
	}

	public ProblemWriter(JsonMapper json) {
		this.json = json;
	}

	public Mono<Void> write(ServerWebExchange exchange, ApiException problem) {
		return write(exchange, problem.code(), problem.getMessage(), problem.errors(), problem.retryAfter() == null
				? null : String.valueOf(Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000)), null);
	}

	public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail) {
		return write(exchange, code, detail, List.of(), null, null);
	}

	/**
	 * @param retryAfterSeconds value of the {@code Retry-After} header, or null for none
	 * @param instance the problem's {@code instance} (a correlation id for unexpected
	 * errors), or null
	 */
	public Mono<Void> write(ServerWebExchange exchange, ErrorCode code, String detail,
			List<ApiException.FieldError> errors, String retryAfterSeconds, String instance) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.empty();
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", code.type());
		body.put("title", code.title());
		body.put("status", code.status().value());
		body.put("detail", detail);
		body.put("code", code.name());
		if (instance != null) {
			body.put("instance", instance);
		}
		if (!errors.isEmpty()) {
			body.put("errors", errors);
		}
		response.setStatusCode(code.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		headers.remove(HttpHeaders.ETAG);
		headers.remove(HttpHeaders.WWW_AUTHENTICATE);
		if (retryAfterSeconds != null) {
			headers.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
		}
		if (mayHaveUnreadBody(exchange)) {
			// Refused before its body was read (security, size limit): close rather than
			// leave the unread
			// bytes on a kept-alive connection, where the client's next request would
			// wait behind them.
			headers.set(HttpHeaders.CONNECTION, "close");
		}
		byte[] bytes = json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

}
