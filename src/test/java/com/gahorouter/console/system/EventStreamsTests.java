package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * {@link EventStreams} counts open event streams and ends them when its own application
 * context closes, not when another one does (a child context's close event reaches the
 * parent's listeners too).
 */
class EventStreamsTests {

	private final GenericApplicationContext context = new GenericApplicationContext();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final EventStreams streams = new EventStreams(registry, context);

	@Test
	void anEventStreamEndsWhenItsContextClosesAndNotBefore() {
		Mono<Void> response = stream(MediaType.TEXT_EVENT_STREAM);
		StepVerifier.create(response)
			.then(() -> assertThat(streams.openStreams()).isEqualTo(1))
			.then(() -> assertThat(registry.get(EventStreams.OPEN_STREAMS).gauge().value()).isEqualTo(1.0))
			.then(() -> streams.onApplicationEvent(new ContextClosedEvent(new GenericApplicationContext())))
			.expectNoEvent(Duration.ofMillis(100))
			.then(() -> streams.onApplicationEvent(new ContextClosedEvent(context)))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(streams.openStreams()).isZero();
	}

	@Test
	void otherResponsesAreNotTouched() {
		streams.onApplicationEvent(new ContextClosedEvent(context));
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/model-groups"));
		StepVerifier.create(streams.filter(exchange, e -> {
			e.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
			return e.getResponse().writeAndFlushWith(Flux.just(Flux.just(buffer("[]"))));
		})).verifyComplete();
		StepVerifier.create(exchange.getResponse().getBodyAsString()).expectNext("[]").verifyComplete();
	}

	private Mono<Void> stream(MediaType type) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get("/api/model-groups/events"));
		return streams.filter(exchange, e -> {
			e.getResponse().getHeaders().setContentType(type);
			return e.getResponse()
				.writeAndFlushWith(Flux.interval(Duration.ofMillis(20)).map(i -> Flux.just(buffer(":heartbeat\n\n"))));
		});
	}

	private static DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes());
	}

}
