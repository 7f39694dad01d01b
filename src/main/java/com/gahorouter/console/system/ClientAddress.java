package com.gahorouter.console.system;

import java.net.InetSocketAddress;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * The caller's IP address as this server sees it. Behind a proxy, enable
 * {@code server.forward-headers-strategy} so that it is the client's address, not the
 * proxy's.
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	public static String of(ServerRequest request) {
		return request.remoteAddress()
			.map(InetSocketAddress::getAddress)
			.map(address -> address.getHostAddress())
			.orElse("unknown");
	}

	/** The same address, for a web filter that has the raw request. */
	public static String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
	}

}
