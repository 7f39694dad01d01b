package com.gahorouter.console.tenant;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;

import reactor.core.publisher.Mono;

/** HTTP side of the tenant pages. */
@Component
class TenantHandler {

    private final TenantService tenants;

    TenantHandler(TenantService tenants) {
        this.tenants = tenants;
    }

    Mono<ServerResponse> tenant(ServerRequest request) {
        return ConsoleUser.of(request)
                .flatMap(user -> tenants.details(user.requireTenant(), user.isTenantAdmin()))
                .flatMap(details -> ServerResponse.ok().bodyValue(details));
    }
}
