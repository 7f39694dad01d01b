package com.gahorouter.console.catalog;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.http.codec.ServerSentEvent;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The stream behind {@code GET /api/model-groups/events} for one tenant: an event named
 * {@value #EVENT_NAME} with the full list on connect and whenever the tenant's list
 * changes, a comment heartbeat at a fixed interval, and completion when the change feed
 * completes (shutdown). Built from the change feed and the list source only, so it reads
 * the same whether they come from {@link AvailableGroups} or from a test.
 */
final class GroupListEvents {

	static final String EVENT_NAME = "model-groups";

	private final Flux<UUID> changes;

	private final Function<UUID, Mono<GroupList>> lists;

	private final Duration heartbeat;

	/**
	 * @param changes ids of tenants whose lists may have changed, or
	 * {@link AvailableGroups#ALL_TENANTS}; completes at shutdown
	 * @param lists a tenant's current list
	 * @param heartbeat interval of the comment heartbeat
	 */
	GroupListEvents(Flux<UUID> changes, Function<UUID, Mono<GroupList>> lists, Duration heartbeat) {
		this.changes = changes;
		this.lists = lists;
		this.heartbeat = heartbeat;
	}

	Flux<ServerSentEvent<String>> forTenant(UUID tenantId) {
		Flux<ServerSentEvent<String>> events = Flux
			.merge(changes.filter(id -> id.equals(tenantId) || id.equals(AvailableGroups.ALL_TENANTS)),
					Mono.just(tenantId))
			// Signals arriving during a load collapse into one reload.
			.onBackpressureLatest()
			.concatMap(signal -> lists.apply(tenantId), 0)
			.distinctUntilChanged(GroupList::etag)
			// A client that reads slower than lists change skips to the latest full list
			// (after at most one
			// list already handed to the merge below).
			.onBackpressureLatest()
			.map(list -> ServerSentEvent.builder(list.jsonText()).event(EVENT_NAME).build());
		Flux<ServerSentEvent<String>> heartbeats = Flux.interval(heartbeat, heartbeat)
			.onBackpressureDrop()
			.map(tick -> ServerSentEvent.<String>builder().comment("heartbeat").build())
			.takeUntilOther(changes.ignoreElements());
		return Flux.merge(1, events, heartbeats);
	}

}
