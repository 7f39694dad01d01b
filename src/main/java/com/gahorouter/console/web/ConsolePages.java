package com.gahorouter.console.web;

import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.gahorouter.console.auth.TurnstileProperties;

import reactor.core.publisher.Mono;

/**
 * The web console's pages: a GET of one of the console's own paths ({@code /}, {@code /register},
 * {@code /invitations/{token}}, {@code /keys}, …) is answered with {@code static/index.html}, whose script
 * routes on the client, and carries the console's Content-Security-Policy. Every other path, the API's above
 * all ({@code /api}, {@code /internal}, {@code /v1}, {@code /v3}, {@code /actuator}, {@code /docs}), is left
 * alone.
 *
 * <p>A filter rather than a {@code RouterFunction} bean: the router beans are exactly the documented API
 * (OpenApiIntegrationTests), and these pages are not part of it. The file itself is served by Boot's static
 * resource handler.
 */
@Component
class ConsolePages implements WebFilter {

    /** Cloudflare Turnstile's script and iframe origin, allowed only where the widget is enabled. */
    static final String TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

    /** The client-side routes of static/js/main.js; keep the two lists together. */
    static final List<String> PAGES = List.of("/", "/index.html", "/sign-in", "/register", "/forgot-password",
            "/invitations/{token}", "/dashboard", "/model-groups", "/keys", "/usage", "/members", "/billing",
            "/audit-log", "/settings", "/operator/model-groups", "/operator/tenants", "/operator/audit-log");

    private static final String INDEX = "/index.html";

    private final List<PathPattern> pages;
    private final String policy;

    ConsolePages(TurnstileProperties turnstile) {
        this.pages = PAGES.stream().map(PathPatternParser.defaultInstance::parse).toList();
        this.policy = contentSecurityPolicy(turnstile.enabled());
    }

    /** No inline script or style anywhere; Cloudflare's origin only when the registration page shows its widget. */
    static String contentSecurityPolicy(boolean turnstile) {
        String scripts = turnstile ? "'self' " + TURNSTILE_ORIGIN : "'self'";
        String frames = turnstile ? TURNSTILE_ORIGIN : "'none'";
        return "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self' data:; "
                + "font-src 'self'; connect-src 'self'; frame-src " + frames + "; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!isPage(request)) {
            return chain.filter(exchange);
        }
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("Content-Security-Policy", policy);
        return chain.filter(exchange.mutate().request(request.mutate().path(INDEX).build()).build());
    }

    private boolean isPage(ServerHttpRequest request) {
        if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
            return false;
        }
        PathContainer path = request.getPath().pathWithinApplication();
        return pages.stream().anyMatch(page -> page.matches(path));
    }
}
