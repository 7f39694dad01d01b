package com.gahorouter.console.web;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.gahorouter.console.auth.TurnstileProperties;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The web console's pages: a GET of one of the console's own paths ({@code /},
 * {@code /register}, {@code /invitations/{token}}, {@code /keys}, …) is answered with
 * {@code static/index.html}, whose script routes on the client, and carries the console's
 * Content-Security-Policy. Every other path, the API's above all ({@code /api},
 * {@code /internal}, {@code /v1}, {@code /v3}, {@code /actuator}, {@code /docs}), is left
 * alone.
 *
 * <p>
 * A filter rather than a {@code RouterFunction} bean: the router beans are exactly the
 * documented API (OpenApiIntegrationTests), and these pages are not part of it. The files
 * themselves are served by Boot's static resource handler; read from a jar (the
 * application's own, or a WebJar) they are read with blocking I/O, so the console's files
 * are served on the bounded elastic scheduler, never on an event-loop thread.
 */
@Component
class ConsolePages implements WebFilter {

	/**
	 * Cloudflare Turnstile's script and iframe origin, allowed only where the widget is
	 * enabled.
	 */
	static final String TURNSTILE_ORIGIN = "https://challenges.cloudflare.com";

	/** The client-side routes of static/js/main.js; keep the two lists together. */
	static final List<String> PAGES = List.of("/", "/index.html", "/sign-in", "/register", "/forgot-password",
			"/invitations/{token}", "/dashboard", "/model-groups", "/keys", "/usage", "/members", "/billing",
			"/audit-log", "/settings", "/operator/model-groups", "/operator/tenants", "/operator/audit-log");

	/**
	 * Where static/ and the WebJars put the console's files (index.html, scripts, styles,
	 * messages).
	 */
	static final List<String> ASSETS = List.of("/webjars/", "/js/", "/css/", "/i18n/", "/favicon.svg");

	private static final String INDEX = "/index.html";

	private final List<PathPattern> pages;

	private final String policy;

	ConsolePages(TurnstileProperties turnstile) {
		this.pages = PAGES.stream().map(PathPatternParser.defaultInstance::parse).toList();
		// The registration page shows the widget exactly then (static/js/pages/auth.js).
		this.policy = contentSecurityPolicy(turnstile.enabled() && StringUtils.hasText(turnstile.siteKey()));
	}

	/**
	 * No inline script or style anywhere; Cloudflare's origin only when the registration
	 * page shows its widget.
	 */
	static String contentSecurityPolicy(boolean turnstile) {
		String scripts = turnstile ? "'self' " + TURNSTILE_ORIGIN : "'self'";
		String frames = turnstile ? TURNSTILE_ORIGIN : "'none'";
		return "default-src 'self'; script-src " + scripts + "; style-src 'self'; img-src 'self'; "
				+ "font-src 'self'; connect-src 'self'; frame-src " + frames + "; object-src 'none'; "
				+ "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (isPage(request)) {
			exchange.getResponse().getHeaders().set("Content-Security-Policy", policy);
			ServerWebExchange index = exchange.mutate().request(request.mutate().path(INDEX).build()).build();
			return chain.filter(index).subscribeOn(Schedulers.boundedElastic());
		}
		if (isAsset(request)) {
			return chain.filter(exchange).subscribeOn(Schedulers.boundedElastic());
		}
		return chain.filter(exchange);
	}

	private static boolean isAsset(ServerHttpRequest request) {
		String path = request.getPath().pathWithinApplication().value();
		return request.getMethod() == HttpMethod.GET && ASSETS.stream().anyMatch(path::startsWith);
	}

	private boolean isPage(ServerHttpRequest request) {
		if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
			return false;
		}
		PathContainer path = request.getPath().pathWithinApplication();
		return pages.stream().anyMatch(page -> page.matches(path));
	}

}
