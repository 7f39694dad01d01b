package com.gahorouter.console.usage;

import java.time.Instant;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.EntityTags;

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

	private final UsageStatistics usage;

	private final DashboardService dashboards;

	private final JsonMapper json;

	UsageHandler(UsageStatistics usage, DashboardService dashboards, JsonMapper json) {
		this.usage = usage;
		this.dashboards = dashboards;
		this.json = json;
	}

	/** {@code GET /api/usage?from=&to=}: totals and the breakdown by available group. */
	Mono<ServerResponse> usage(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> usage.summary(user.requireTenant(),
					UsageRange.requested(request.queryParam("from"), request.queryParam("to"), Instant.now())))
			.flatMap(summary -> ServerResponse.ok().bodyValue(summary));
	}

	/**
	 * {@code GET /api/dashboard}: serialised here so that its strong ETag is the hash of
	 * the very bytes sent, and 304 without a body when the client has them.
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

	private static void dashboardHeaders(HttpHeaders headers, String etag) {
		headers.setETag(etag);
		headers.set(HttpHeaders.CACHE_CONTROL, DASHBOARD_CACHE_CONTROL);
	}

}
