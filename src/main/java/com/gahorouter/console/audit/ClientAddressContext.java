package com.gahorouter.console.audit;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import com.gahorouter.console.system.ClientAddress;

import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

/**
 * Puts the client's address into the Reactor context of every request, so that an audit
 * entry written deep inside a service knows it without every signature carrying it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ClientAddressContext implements WebFilter {

	private static final String KEY = ClientAddressContext.class.getName();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String address = ClientAddress.of(exchange.getRequest());
		return chain.filter(exchange).contextWrite(context -> context.put(KEY, address));
	}

	/** The client's address of the current request; null outside one. */
	static String of(ContextView context) {
		return context.getOrDefault(KEY, null);
	}

}
