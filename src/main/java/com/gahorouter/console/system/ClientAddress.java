package com.gahorouter.console.system;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The caller's IP address as this server sees it: the peer's, or behind a reverse proxy
 * listed in {@code gahorouter.trusted-proxies} the client's as the proxies forwarded it
 * ({@link TrustedProxyForwarding} sets it before anything else runs).
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	public static String of(ServerRequest request) {
		return of(request.exchange().getRequest());
	}

	/** The same, for a filter that sees the raw request. */
	public static String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
	}

}
