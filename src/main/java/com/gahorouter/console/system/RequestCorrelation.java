package com.gahorouter.console.system;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolderThreadLocalAccessor;
import org.springframework.security.core.context.SecurityContextHolderThreadLocalAccessor;
import org.springframework.security.web.server.ServerWebExchangeThreadLocalAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;

/**
 * One correlation id per request: the caller's {@code X-Request-Id} when it is
 * well-formed, else the trace id of a well-formed W3C {@code traceparent}, else a new
 * random one. It is sent back in {@code X-Request-Id}, kept as the exchange attribute
 * {@value #ATTRIBUTE} (a 500's problem {@code instance} names it) and put in the Reactor
 * context under {@value #MDC_KEY}; with {@code spring.reactor.context-propagation=auto}
 * (application.yaml) the context-propagation library copies it into the logging MDC on
 * whatever thread runs the request, so every log line of the request carries it (a
 * {@code requestId} field in the ECS JSON logs).
 *
 * <p>
 * A client-chosen id is only a label for finding log lines: it never selects data, and an
 * id that is not made of at most {@value #MAX_LENGTH} letters, digits and {@code -._:} is
 * replaced (no log injection through it).
 */
@Component
public class RequestCorrelation implements WebFilter, Ordered {

	/** The request and response header. */
	public static final String HEADER = "X-Request-Id";

	/** The exchange attribute that holds the id. */
	public static final String ATTRIBUTE = RequestCorrelation.class.getName() + ".id";

	/** The Reactor context and MDC key. */
	public static final String MDC_KEY = "requestId";

	static final int MAX_LENGTH = 64;

	private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

	private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

	private static final String INVALID_TRACE_ID = "0".repeat(32);

	static {
		ContextRegistry registry = ContextRegistry.getInstance();
		// Reactor context → MDC on every thread that runs the request (and cleared
		// after).
		registry.registerThreadLocalAccessor(MDC_KEY, () -> MDC.get(MDC_KEY), value -> MDC.put(MDC_KEY, value),
				() -> MDC.remove(MDC_KEY));
		// The only thread-local read on a request's threads here is that MDC entry. The
		// accessors the libraries register by themselves would be set and reset around
		// every Reactor signal of every request (a quarter of the CPU of a usage report,
		// measured with JFR): the current Observation's scope (observations find their
		// parent in the Reactor context, and nothing traces here) and Spring Security's
		// thread-local SecurityContext, its reactive holder and the exchange (for
		// blocking or method-security code, which this application has none of; register
		// the accessor again if some is added).
		registry.removeThreadLocalAccessor(ObservationThreadLocalAccessor.KEY);
		registry.removeThreadLocalAccessor(new SecurityContextHolderThreadLocalAccessor().key());
		registry.removeThreadLocalAccessor(new ReactiveSecurityContextHolderThreadLocalAccessor().key());
		registry.removeThreadLocalAccessor(new ServerWebExchangeThreadLocalAccessor().key());
	}

	@Override
	public int getOrder() {
		// Before everything, security included, so that its answers carry the id too.
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String id = idOf(exchange.getRequest().getHeaders().getFirst(HEADER),
				exchange.getRequest().getHeaders().getFirst("traceparent"));
		exchange.getAttributes().put(ATTRIBUTE, id);
		exchange.getResponse().getHeaders().set(HEADER, id);
		return chain.filter(exchange).contextWrite(context -> context.put(MDC_KEY, id));
	}

	/** The id of the exchange, if this filter saw it. */
	public static String of(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	static String idOf(String requestId, String traceparent) {
		if (requestId != null && REQUEST_ID.matcher(requestId).matches()) {
			return requestId;
		}
		if (traceparent != null) {
			var trace = TRACEPARENT.matcher(traceparent.trim());
			if (trace.matches() && !trace.group(1).equals(INVALID_TRACE_ID) && !traceparent.startsWith("ff")) {
				return trace.group(1);
			}
		}
		byte[] random = new byte[16];
		ThreadLocalRandom.current().nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

}
