package com.gahorouter.console.tenant;

import java.util.Locale;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/** HTTP side of the tenant pages and the region change. */
@Component
class TenantHandler {

    private final TenantService tenants;
    private final RegionChangeService regionChanges;
    private final RequestValidator validator;

    TenantHandler(TenantService tenants, RegionChangeService regionChanges, RequestValidator validator) {
        this.tenants = tenants;
        this.regionChanges = regionChanges;
        this.validator = validator;
    }

    Mono<ServerResponse> tenant(ServerRequest request) {
        return ConsoleUser.of(request)
                .flatMap(user -> tenants.details(user.requireTenant(), user.isTenantAdmin()))
                .flatMap(details -> ServerResponse.ok().bodyValue(details));
    }

    Mono<ServerResponse> precheck(ServerRequest request) {
        return ConsoleUser.of(request)
                .flatMap(admin -> regionChanges.precheck(admin, target(request)))
                .flatMap(precheck -> ServerResponse.ok().bodyValue(precheck));
    }

    Mono<ServerResponse> changeRegion(ServerRequest request) {
        return ConsoleUser.of(request)
                .zipWith(validator.validate(request.bodyToMono(RegionChangeRequest.class)))
                .flatMap(adminAndBody -> regionChanges.change(adminAndBody.getT1(), adminAndBody.getT2()))
                .flatMap(change -> ServerResponse.ok().bodyValue(change));
    }

    Mono<ServerResponse> regionHistory(ServerRequest request) {
        return ConsoleUser.of(request)
                .flatMap(admin -> regionChanges.history(admin).collectList())
                .flatMap(history -> ServerResponse.ok().bodyValue(history));
    }

    private static Region target(ServerRequest request) {
        String raw = request.queryParam("target")
                .orElseThrow(() -> ApiException.validation("target", "must be CN or OVERSEAS"));
        try {
            return Region.valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("target", "must be CN or OVERSEAS");
        }
    }
}
