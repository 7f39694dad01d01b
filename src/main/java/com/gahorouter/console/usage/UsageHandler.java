package com.gahorouter.console.usage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.EntityTags;
import com.gahorouter.console.system.QueryParameters;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** HTTP side of usage: the usage page and the dashboard. */
@Component
class UsageHandler {

	/**
	 * Revalidate every time (the ETag makes an unchanged dashboard a 304); never in a
	 * shared cache.
	 */
	static final String DASHBOARD_CACHE_CONTROL = "private, no-cache";

	static final MediaType TEXT_CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'")
		.withZone(ZoneOffset.UTC);

	private final UsageStatistics usage;

	private final DashboardService dashboards;

	private final JsonMapper json;

	private final UsageExport export;

	UsageHandler(UsageStatistics usage, DashboardService dashboards, JsonMapper json, UsageExport export) {
		this.export = export;
		this.usage = usage;
		this.dashboards = dashboards;
		this.json = json;
	}

	/** {@code GET /api/usage?from=&to=}: totals and the breakdown by available group. */
	Mono<ServerResponse> usage(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> usage.summary(user.requireTenant(), requestedRange(request)))
			.flatMap(summary -> ServerResponse.ok().bodyValue(summary));
	}

	/**
	 * {@code GET /api/usage/export?from=&to=}: CSV streamed line by line (the range as
	 * for {@code GET /api/usage}, checked before the first byte is sent).
	 */
	Mono<ServerResponse> export(ServerRequest request) {
		return ConsoleUser.of(request).flatMap(user -> {
			UsageRange range = requestedRange(request);
			return ServerResponse.ok()
				.contentType(TEXT_CSV)
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName(range) + "\"")
				.body(export.csv(user, range), String.class);
		});
	}

	/**
	 * {@code GET /api/dashboard}: serialised here so that its strong ETag is the hash of
	 * the very bytes sent, and 304 without a body when the client has them (matched with
	 * {@link EntityTags#matches} for the reason given on the catalog's list: Spring's
	 * {@code checkNotModified} answers {@code If-None-Match: *} with 200, not 304).
	 */
	Mono<ServerResponse> dashboard(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> dashboards.dashboard(user.requireTenant()))
			.flatMap(dashboard -> {
				byte[] body = json.writeValueAsBytes(dashboard);
				String etag = EntityTags.of(body);
				if (EntityTags.matches(request.headers().header(HttpHeaders.IF_NONE_MATCH), etag)) {
					return ServerResponse.status(HttpStatus.NOT_MODIFIED)
						.headers(h -> dashboardHeaders(h, etag))
						.build();
				}
				return ServerResponse.ok()
					.headers(h -> dashboardHeaders(h, etag))
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(body);
			});
	}

	/**
	 * The {@code from} and {@code to} parameters as a {@link UsageRange}; malformed ends
	 * are reported together.
	 */
	private static UsageRange requestedRange(ServerRequest request) {
		List<ApiException.FieldError> errors = new ArrayList<>();
		Optional<Instant> to = QueryParameters.instant(request, "to", errors);
		Optional<Instant> from = QueryParameters.instant(request, "from", errors);
		if (!errors.isEmpty()) {
			throw ApiException.validation(errors);
		}
		return UsageRange.requested(from, to, Instant.now());
	}

	/**
	 * {@code usage-20261101T1000Z-20261201T1100Z.csv}: no colons, which browsers replace
	 * and some file systems refuse.
	 */
	static String fileName(UsageRange range) {
		return "usage-" + FILE_TIME.format(range.from()) + "-" + FILE_TIME.format(range.to()) + ".csv";
	}

	private static void dashboardHeaders(HttpHeaders headers, String etag) {
		headers.setETag(etag);
		headers.set(HttpHeaders.CACHE_CONTROL, DASHBOARD_CACHE_CONTROL);
	}

}
