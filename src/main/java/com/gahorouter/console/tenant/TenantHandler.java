package com.gahorouter.console.tenant;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.QueryParameters;

import reactor.core.publisher.Mono;

/**
 * HTTP side of the tenant pages: a user's own tenant and the operator's list of every
 * tenant.
 */
@Component
class TenantHandler {

	private static final int DEFAULT_PAGE_SIZE = 50;

	private static final int MAX_PAGE_SIZE = 200;

	private final TenantService tenants;

	TenantHandler(TenantService tenants) {
		this.tenants = tenants;
	}

	Mono<ServerResponse> tenant(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> tenants.details(user.requireTenant(), user.isTenantAdmin()))
			.flatMap(details -> ServerResponse.ok().bodyValue(details));
	}

	/**
	 * {@code GET /api/admin/tenants?page=0&size=50}: newest first; {@code X-Total-Count}
	 * gives the total.
	 */
	Mono<ServerResponse> tenants(ServerRequest request) {
		int page = QueryParameters.wholeNumber(request, "page", 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE);
		int size = QueryParameters.wholeNumber(request, "size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
		return tenants.count()
			.zipWith(tenants.page(page, size).collectList())
			.flatMap(totalAndPage -> ServerResponse.ok()
				.header("X-Total-Count", String.valueOf(totalAndPage.getT1()))
				.bodyValue(totalAndPage.getT2()));
	}

}
