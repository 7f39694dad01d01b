package com.gahorouter.console.system;

import java.util.concurrent.atomic.AtomicInteger;

import org.reactivestreams.Publisher;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Every open {@code text/event-stream} response, whichever feature writes it: counted in
 * the {@value #OPEN_STREAMS} gauge, and ended cleanly (the stream completes, the client
 * sees a normal end and reconnects elsewhere) when the application context starts
 * closing. Graceful shutdown waits for active requests, and an event stream never ends by
 * itself: without this, every shutdown would wait out
 * {@code spring.lifecycle.timeout-per-shutdown-phase} and then cut the streams.
 *
 * <p>
 * {@code ContextClosedEvent} is published after readiness has gone to
 * {@code REFUSING_TRAFFIC} and before the web server's graceful shutdown starts, so new
 * requests are already steered away when the streams end.
 */
@Component
public class EventStreams implements WebFilter, Ordered, ApplicationListener<ContextClosedEvent> {

	/** Name of the gauge of open event streams on this replica. */
	public static final String OPEN_STREAMS = "gahorouter.event.streams.open";

	private final Sinks.One<Boolean> closing = Sinks.one();

	private final AtomicInteger open = new AtomicInteger();

	private final ApplicationContext context;

	public EventStreams(MeterRegistry registry, ApplicationContext context) {
		this.context = context;
		Gauge.builder(OPEN_STREAMS, open, AtomicInteger::get)
			.description("Event streams (text/event-stream responses) open on this replica")
			.register(registry);
	}

	@Override
	public int getOrder() {
		// Outermost of our filters: the decorated response is the one every later writer
		// sees.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange.mutate().response(new EndingOnShutdown(exchange.getResponse())).build());
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		// A child context's close (the management server's) reaches this listener too:
		// only ours ends the streams.
		if (event.getApplicationContext() == context) {
			closing.tryEmitValue(true);
		}
	}

	/** How many event streams are open now. */
	public int openStreams() {
		return open.get();
	}

	private final class EndingOnShutdown extends ServerHttpResponseDecorator {

		EndingOnShutdown(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
			if (!isEventStream()) {
				return super.writeAndFlushWith(body);
			}
			Flux<? extends Publisher<? extends DataBuffer>> untilClosing = Flux.from(body)
				.takeUntilOther(closing.asMono())
				.doOnSubscribe(subscription -> open.incrementAndGet())
				.doFinally(signal -> open.decrementAndGet());
			return super.writeAndFlushWith(untilClosing);
		}

		private boolean isEventStream() {
			MediaType type = getHeaders().getContentType();
			return type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type);
		}

	}

}
