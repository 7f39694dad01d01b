package com.gahorouter.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@code GET /api/model-groups/events} lives no longer than the access it was opened
 * with: the stream ends when its session is revoked (logout, removal of the member) or
 * expires, and a session holds at most {@value #STREAMS_PER_SESSION} streams at once.
 */
class EventStreamAccessIntegrationTests extends IntegrationTest {

	private static final int STREAMS_PER_SESSION = 5;

	/** Within this the stream must have ended (a notice travels in milliseconds). */
	private static final Duration END_LIMIT = Duration.ofSeconds(10);

	@Autowired
	private ConsoleClient console;

	@Autowired
	private TestDatabase database;

	@Test
	void logoutEndsTheSessionsStream() {
		SignedIn admin = console.registerTenant("CN");

		StepVerifier.create(events(admin))
			.expectNextCount(1)
			.then(() -> Schedulers.boundedElastic().schedule(() -> console.logout(admin)))
			.thenConsumeWhile(event -> true)
			.expectComplete()
			.verify(END_LIMIT);
	}

	@Test
	void removingAMemberEndsTheirStream() {
		SignedIn admin = console.registerTenant("CN");
		SignedIn member = console.addMember(admin);

		StepVerifier.create(events(member))
			.expectNextCount(1)
			.then(() -> Schedulers.boundedElastic()
				.schedule(() -> console.removeMember(admin, member.userId()).expectStatus().isNoContent()))
			.thenConsumeWhile(event -> true)
			.expectComplete()
			.verify(END_LIMIT);
	}

	@Test
	void theStreamEndsWhenTheSessionExpires() {
		SignedIn admin = console.registerTenant("CN");
		database.execute("update sessions set expires_at = now() + interval '2 seconds' where user_id = :id",
				Map.of("id", admin.userId()));

		StepVerifier.create(events(admin))
			.expectNextCount(1)
			.thenConsumeWhile(event -> true)
			.expectComplete()
			.verify(END_LIMIT);
	}

	@Test
	void aSessionHoldsAtMostFiveStreamsAndTheSixthIsRateLimited() {
		SignedIn admin = console.registerTenant("CN");
		List<Disposable> open = new ArrayList<>();
		try {
			for (int i = 0; i < STREAMS_PER_SESSION; i++) {
				List<ServerSentEvent<String>> first = new ArrayList<>();
				open.add(events(admin).doOnNext(first::add).subscribe());
				await(() -> !first.isEmpty());
			}

			web.get()
				.uri("/api/model-groups/events")
				.headers(h -> h.setBearerAuth(admin.token()))
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.expectStatus()
				.isEqualTo(429)
				.expectHeader()
				.exists("Retry-After")
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("RATE_LIMITED");

			// Closing one frees its place.
			open.remove(0).dispose();
			await(() -> web.get()
				.uri("/api/model-groups/events")
				.headers(h -> h.setBearerAuth(admin.token()))
				.accept(MediaType.TEXT_EVENT_STREAM)
				.exchange()
				.returnResult(String.class)
				.getStatus()
				.value() == 200);
		}
		finally {
			open.forEach(Disposable::dispose);
		}
	}

	private Flux<ServerSentEvent<String>> events(SignedIn user) {
		return web.get()
			.uri("/api/model-groups/events")
			.headers(h -> h.setBearerAuth(user.token()))
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody()
			.filter(event -> GroupListEvents.EVENT_NAME.equals(event.event()));
	}

	private static void await(java.util.concurrent.Callable<Boolean> condition) {
		org.awaitility.Awaitility.await().atMost(END_LIMIT).until(condition);
	}

}
