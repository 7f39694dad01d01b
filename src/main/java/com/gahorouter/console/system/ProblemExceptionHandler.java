package com.gahorouter.console.system;

import java.net.ConnectException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;

import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import reactor.core.publisher.Mono;

/**
 * Turns every failure into problem+json with a contract code: our {@link ApiException}s,
 * framework errors (unknown route, wrong method, media types, bad JSON, oversized
 * bodies), security errors and database outages. Anything unexpected is logged once with
 * a correlation id that the problem's {@code instance} carries; no stack trace, SQL or
 * class name reaches the client. Ordered before Boot's default handler (-1).
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

	private static final String DATABASE_RETRY_AFTER_SECONDS = "5";

	private final ProblemWriter writer;

	public ProblemExceptionHandler(ProblemWriter writer) {
		this.writer = writer;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		if (error instanceof ApiException api) {
			return writer.write(exchange, api);
		}
		if (error instanceof AuthenticationException) {
			return writer.write(exchange, ErrorCode.UNAUTHENTICATED, "A valid session token is required.");
		}
		if (error instanceof AccessDeniedException) {
			return writer.write(exchange, ErrorCode.FORBIDDEN, "Your role may not do this.");
		}
		if (error instanceof OptimisticLockingFailureException) {
			return writer.write(exchange, ErrorCode.CONCURRENT_MODIFICATION, "The resource changed meanwhile; retry.");
		}
		if (hasCause(error, InvalidMediaTypeException.class) || hasCause(error, InvalidMimeTypeException.class)) {
			return unreadableMediaType(exchange);
		}
		if (hasCause(error, DataBufferLimitException.class)) {
			return writer.write(exchange, ErrorCode.PAYLOAD_TOO_LARGE, "The request body exceeds 64 KiB.");
		}
		if (error instanceof ResponseStatusException status) {
			return writeStatus(exchange, status);
		}
		if (isDatabaseUnavailable(error)) {
			log.warn("Database unavailable: {}", error.toString());
			return writer.write(exchange, ErrorCode.SERVICE_UNAVAILABLE,
					"The database is unavailable; nothing was written.", List.of(), DATABASE_RETRY_AFTER_SECONDS, null);
		}
		return handleUnexpected(exchange, error);
	}

	private Mono<Void> writeStatus(ServerWebExchange exchange, ResponseStatusException error) {
		if (error instanceof UnsupportedMediaTypeStatusException) {
			return writer.write(exchange, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
		}
		if (error instanceof NotAcceptableStatusException) {
			return writer.write(exchange, ErrorCode.NOT_ACCEPTABLE, "No representation matches the Accept header.");
		}
		if (error instanceof MethodNotAllowedException) {
			return writer.write(exchange, ErrorCode.METHOD_NOT_ALLOWED, "This path does not accept that method.");
		}
		if (error instanceof ServerWebInputException) {
			return writer.write(exchange, ErrorCode.MALFORMED_REQUEST,
					"The request body or a parameter could not be read: send valid JSON with the documented types.");
		}
		return switch (error.getStatusCode().value()) {
			case 401 -> writer.write(exchange, ErrorCode.UNAUTHENTICATED, "A valid session token is required.");
			case 403 -> writer.write(exchange, ErrorCode.FORBIDDEN, "Your role may not do this.");
			case 404 -> writer.write(exchange, ErrorCode.NOT_FOUND, "No such resource.");
			case 503 -> writer.write(exchange, ErrorCode.SERVICE_UNAVAILABLE, "The service is unavailable.", List.of(),
					DATABASE_RETRY_AFTER_SECONDS, null);
			default -> error.getStatusCode().is4xxClientError()
					? writer.write(exchange, ErrorCode.MALFORMED_REQUEST, "The request could not be processed.")
					: handleUnexpected(exchange, error);
		};
	}

	/**
	 * A {@code Content-Type} (or {@code Accept}) that is not a media type, or names an
	 * unknown charset: the client's error, never a 500.
	 */
	private Mono<Void> unreadableMediaType(ServerWebExchange exchange) {
		String contentType = exchange.getRequest().getHeaders().getFirst(HttpHeaders.CONTENT_TYPE);
		try {
			if (contentType != null) {
				MediaType.parseMediaType(contentType);
			}
		}
		catch (IllegalArgumentException unreadable) {
			return writer.write(exchange, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.");
		}
		return writer.write(exchange, ErrorCode.MALFORMED_REQUEST, "A media type in the request headers is not valid.");
	}

	private Mono<Void> handleUnexpected(ServerWebExchange exchange, Throwable error) {
		String requestId = RequestCorrelation.of(exchange);
		String correlationId = requestId != null ? requestId : Secrets.newId().toString();
		// Exception handlers run outside the request's Reactor context: put the id in the
		// MDC for this line.
		try (MDC.MDCCloseable ignored = MDC.putCloseable(RequestCorrelation.MDC_KEY, correlationId)) {
			log.error("Unexpected error [{}] on {} {}", correlationId, exchange.getRequest().getMethod(),
					exchange.getRequest().getPath(), error);
		}
		return writer.write(exchange, ErrorCode.INTERNAL_ERROR, "An unexpected error occurred.", List.of(), null,
				"urn:gahorouter:error:" + correlationId);
	}

	private static boolean isDatabaseUnavailable(Throwable error) {
		return hasCause(error, R2dbcNonTransientResourceException.class)
				|| hasCause(error, R2dbcTransientResourceException.class)
				|| hasCause(error, DataAccessResourceFailureException.class)
				|| hasCause(error, TransientDataAccessResourceException.class)
				|| hasCause(error, ConnectException.class) || hasCause(error, TimeoutException.class)
				|| error.getClass().getName().startsWith("io.r2dbc.pool.");
	}

	private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (type.isInstance(t)) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

}
