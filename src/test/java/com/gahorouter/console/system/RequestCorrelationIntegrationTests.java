package com.gahorouter.console.system;

import org.awaitility.Awaitility;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every request has one correlation id: taken from {@code X-Request-Id} or
 * {@code traceparent} when well-formed, else generated; answered in {@code X-Request-Id};
 * carried by the request's log lines on whatever thread they are written, and by a 500's
 * problem {@code instance}.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(RequestCorrelationIntegrationTests.Routes.class)
class RequestCorrelationIntegrationTests extends IntegrationTest {

	private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	@Test
	void aWellFormedRequestIdIsAnsweredBack() {
		web.get()
			.uri("/api/auth/config")
			.header("X-Request-Id", "edge-7f3a.42:1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", "edge-7f3a.42:1");
	}

	@Test
	void theTraceIdOfATraceparentIsTheIdWhenThereIsNoRequestId() {
		web.get()
			.uri("/api/auth/config")
			.header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Request-Id", TRACE_ID);
	}

	@Test
	void aMalformedIdIsReplacedByAGeneratedOne() {
		String generated = idOf(web.get()
			.uri("/api/auth/config")
			.header("X-Request-Id", "two words\",\"level\":\"ERROR")
			.header("traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01"));
		assertThat(generated).matches("[0-9a-f]{32}");
		assertThat(idOf(web.get().uri("/api/auth/config").header("X-Request-Id", "x".repeat(65))))
			.matches("[0-9a-f]{32}");
	}

	@Test
	void everyRequestWithoutAnIdGetsItsOwn() {
		String first = idOf(web.get().uri("/api/auth/config"));
		String second = idOf(web.get().uri("/api/auth/config"));
		assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo(second);
	}

	@Test
	void errorAnswersCarryTheIdToo() {
		web.get()
			.uri("/api/me")
			.header("X-Request-Id", "unauthenticated-1")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals("X-Request-Id", "unauthenticated-1");
	}

	@Test
	void logLinesOfTheRequestCarryItAcrossThreads(CapturedOutput output) {
		web.get()
			.uri("/test/correlation/log")
			.header("X-Request-Id", "log-line-check-1")
			.exchange()
			.expectStatus()
			.isOk();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("inside the request"));
		assertThat(output.getOut().lines().filter(line -> line.contains("inside the request"))).singleElement()
			.asString()
			.contains("[log-line-check-1]");
		assertThat(output.getOut().lines().filter(line -> line.contains("after the thread hop"))).singleElement()
			.asString()
			.contains("[log-line-check-1]")
			.doesNotContain("reactor-http-");
	}

	@Test
	void theMdcEntryIsTheOnlyThreadLocalRestoredAroundEverySignal() {
		web.get().uri("/api/auth/config").exchange().expectStatus().isOk();
		assertThat(ContextRegistry.getInstance().getThreadLocalAccessors()).extracting(ThreadLocalAccessor::key)
			.containsExactly(RequestCorrelation.MDC_KEY);
	}

	@Test
	void aServerErrorNamesTheIdInItsInstanceAndItsLogLine(CapturedOutput output) {
		Map<String, Object> problem = web.get()
			.uri("/test/correlation/fail")
			.header("X-Request-Id", "fail-check-1")
			.exchange()
			.expectStatus()
			.isEqualTo(500)
			.expectHeader()
			.valueEquals("X-Request-Id", "fail-check-1")
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(problem).containsEntry("code", "INTERNAL_ERROR")
			.containsEntry("instance", "urn:gahorouter:error:fail-check-1");
		assertThat(output.getOut().lines().filter(line -> line.contains("Unexpected error [fail-check-1]")))
			.singleElement()
			.asString()
			.contains("[fail-check-1] ");
	}

	private String idOf(org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request) {
		return request.exchange()
			.expectStatus()
			.isOk()
			.returnResult(String.class)
			.getResponseHeaders()
			.getFirst("X-Request-Id");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Routes {

		private static final Logger log = LoggerFactory.getLogger(Routes.class);

		@Bean
		RouterFunction<ServerResponse> correlationTestRoutes() {
			return RouterFunctions.route()
				.GET("/test/correlation/log",
						request -> Mono.fromRunnable(() -> log.info("inside the request"))
							.publishOn(Schedulers.parallel())
							.then(Mono.fromRunnable(
									() -> log.info("after the thread hop on {}", Thread.currentThread().getName())))
							.then(ServerResponse.ok().bodyValue("logged")))
				.GET("/test/correlation/fail", request -> Mono.error(new IllegalStateException("test failure")))
				.build();
		}

	}

}
