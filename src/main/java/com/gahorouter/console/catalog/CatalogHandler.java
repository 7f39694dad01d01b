package com.gahorouter.console.catalog;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.auth.SessionService;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.EntityTags;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * HTTP side of the catalog: the tenant's available groups (JSON, NDJSON, events) and the
 * operator's edits.
 */
@Component
class CatalogHandler {

	/**
	 * Revalidate every time (the ETag makes that cheap); never in a shared cache, the
	 * list is per tenant.
	 */
	static final String LIST_CACHE_CONTROL = "private, no-cache";

	/** When a client over its stream limit may try again. */
	private static final Duration STREAM_RETRY_AFTER = Duration.ofSeconds(15);

	private final AvailableGroups available;

	private final CatalogService catalog;

	private final RequestValidator validator;

	private final GroupListEvents events;

	private final SessionService sessions;

	private final EventStreamSlots slots;

	CatalogHandler(AvailableGroups available, CatalogService catalog, RequestValidator validator,
			CatalogProperties properties, SessionService sessions, EventStreamSlots slots) {
		this.sessions = sessions;
		this.slots = slots;
		this.available = available;
		this.catalog = catalog;
		this.validator = validator;
		this.events = new GroupListEvents(available.changes(), available::forTenant, properties.heartbeat());
	}

	/**
	 * {@code GET /api/model-groups}: the cached bytes, or 304 when the client has them.
	 * <p>
	 * Matched with {@link EntityTags#matches}, not
	 * {@code request.checkNotModified(etag)}: Spring Framework 7 answers
	 * {@code If-None-Match: *} on a GET with 200, where RFC 9110 and this route answer
	 * 304 (every other header value is answered alike).
	 */
	Mono<ServerResponse> list(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> available.forTenant(user.requireTenant()))
			.flatMap(list -> EntityTags.matches(request.headers().header(HttpHeaders.IF_NONE_MATCH), list.etag())
					? ServerResponse.status(HttpStatus.NOT_MODIFIED).headers(h -> listHeaders(h, list)).build()
					: ServerResponse.ok()
						.headers(h -> listHeaders(h, list))
						.contentType(MediaType.APPLICATION_JSON)
						.bodyValue(list.json()));
	}

	/**
	 * {@code GET /api/model-groups} with {@code Accept: application/x-ndjson}: one group
	 * per line.
	 */
	Mono<ServerResponse> stream(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> available.forTenant(user.requireTenant()))
			.flatMap(list -> ServerResponse.ok()
				.header(HttpHeaders.CACHE_CONTROL, LIST_CACHE_CONTROL)
				.header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
				.contentType(MediaType.APPLICATION_NDJSON)
				.body(Flux.fromIterable(list.groups()).map(ModelGroupView::of), ModelGroupView.class));
	}

	/**
	 * {@code GET /api/model-groups/events}: the list on connect and after every change,
	 * plus heartbeats, until the session ends (revoked or expired, on any replica); at
	 * most {@link EventStreamSlots#PER_SESSION} at once per session, beyond that
	 * {@code RATE_LIMITED}.
	 */
	Mono<ServerResponse> events(ServerRequest request) {
		return ConsoleUser.of(request).flatMap(user -> {
			UUID tenantId = user.requireTenant();
			if (!slots.tryAcquire(user.sessionId())) {
				return Mono.error(ApiException.rateLimited(STREAM_RETRY_AFTER));
			}
			Flux<ServerSentEvent<String>> stream = events.forTenant(tenantId)
				.takeUntilOther(sessions.ended(user))
				.doFinally(signal -> slots.release(user.sessionId()));
			return ServerResponse.ok()
				.header(HttpHeaders.CACHE_CONTROL, "no-cache")
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.body(BodyInserters.fromServerSentEvents(stream));
		});
	}

	Mono<ServerResponse> operatorList(ServerRequest request) {
		return catalog.list()
			.map(OperatorModelGroupView::of)
			.collectList()
			.flatMap(groups -> ServerResponse.ok().bodyValue(groups));
	}

	Mono<ServerResponse> create(ServerRequest request) {
		return validator.validate(request.bodyToMono(ModelGroupRequest.class))
			.flatMap(catalog::create)
			.flatMap(group -> ServerResponse.created(URI.create("/api/admin/model-groups/" + group.id()))
				.bodyValue(OperatorModelGroupView.of(group)));
	}

	Mono<ServerResponse> update(ServerRequest request) {
		UUID id = PathIds.uuid(request, "id");
		return validator.validate(request.bodyToMono(ModelGroupRequest.class))
			.flatMap(body -> catalog.update(id, body))
			.flatMap(group -> ServerResponse.ok().bodyValue(OperatorModelGroupView.of(group)));
	}

	Mono<ServerResponse> setAccess(ServerRequest request) {
		UUID tenantId = PathIds.uuid(request, "tenantId");
		UUID groupId = PathIds.uuid(request, "groupId");
		return validator.validate(request.bodyToMono(GroupAccessRequest.class))
			.flatMap(body -> catalog.setAccess(tenantId, groupId, body.access()))
			.flatMap(access -> ServerResponse.ok().bodyValue(access));
	}

	private static void listHeaders(HttpHeaders headers, GroupList list) {
		headers.setETag(list.etag());
		headers.set(HttpHeaders.CACHE_CONTROL, LIST_CACHE_CONTROL);
		headers.set(HttpHeaders.VARY, HttpHeaders.ACCEPT);
	}

}
