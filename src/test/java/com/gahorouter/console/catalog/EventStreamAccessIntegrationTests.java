package com.gahorouter.console.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.ConsoleClient;
import com.gahorouter.console.system.IntegrationTest;
import com.gahorouter.console.system.Replica;
import com.gahorouter.console.system.SignedIn;
import com.gahorouter.console.system.TestDatabase;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * {@code GET /api/model-groups/events} lives no longer than the access it was opened
 * with: the stream ends when its session is revoked (logout, password change, removal of
 * the member) or expires, also when the revocation went through another replica, and a
 * session holds at most {@value #STREAMS_PER_SESSION} streams at once.
 */
// One test starts a second replica ("B", on the same embedded database), closed after
// the class: closing a second application context also stops the shared context's
// management server (see TwoReplicasIntegrationTests), so later classes get a fresh
// shared context.
@DirtiesContext
class EventStreamAccessIntegrationTests extends IntegrationTest {

	private static final int STREAMS_PER_SESSION = 5;

	/** Within this the stream must have ended (a notice travels in milliseconds). */
	private static final Duration END_LIMIT = Duration.ofSeconds(10);

	private static final String NEW_PASSWORD = "a brand new passphrase for streams";

	/** Started by the test that needs it, closed after the class. */
	private static ConfigurableApplicationContext replicaB;

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

	/**
	 * A password change (the reset confirmation, the contract's only way to change one)
	 * revokes every session of the user: the streams of both of their sessions end.
	 */
	@Test
	void aPasswordChangeEndsTheSessionsStream() {
		SignedIn registered = console.registerTenant("CN");
		SignedIn signedInAgain = console.login(registered.email(), PASSWORD);
		StepVerifier registrationStream = endsAfterItsList(events(web, registered));
		StepVerifier otherSessionStream = endsAfterItsList(events(web, signedInAgain));

		console.resetPassword(MAIL, registered.email(), NEW_PASSWORD);

		registrationStream.verify(END_LIMIT);
		otherSessionStream.verify(END_LIMIT);
	}

	/**
	 * A stream opened on replica B ends when its session is logged out through this
	 * test's replica: only the revocation notice can end it (the session's expiry is days
	 * away).
	 */
	@Test
	void aLogoutOnAnotherReplicaEndsTheStream() {
		replicaB = Replica.start();
		ChangeNotifications notificationsB = replicaB.getBean(ChangeNotifications.class);
		// A stream opened before B listens would end on B's first resync, proving
		// nothing.
		await(notificationsB::isListening);
		SignedIn admin = console.registerTenant("CN");
		StepVerifier streamOnB = endsAfterItsList(events(Replica.client(replicaB), admin));

		console.logout(admin);

		streamOnB.verify(END_LIMIT);
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

	@AfterAll
	static void stopReplicaB() {
		if (replicaB != null) {
			replicaB.close();
		}
	}

	private Flux<ServerSentEvent<String>> events(SignedIn user) {
		return events(web, user);
	}

	/** The user's stream through {@code client}, once its answer is 200. */
	private static Flux<ServerSentEvent<String>> events(WebTestClient client, SignedIn user) {
		return client.get()
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

	/**
	 * Subscribes now and expects the list, then the end of the stream; {@code verify}
	 * waits for it.
	 */
	private static StepVerifier endsAfterItsList(Flux<ServerSentEvent<String>> stream) {
		return StepVerifier.create(stream)
			.expectNextCount(1)
			.thenConsumeWhile(event -> true)
			.expectComplete()
			.verifyLater();
	}

	private static void await(java.util.concurrent.Callable<Boolean> condition) {
		org.awaitility.Awaitility.await().atMost(END_LIMIT).until(condition);
	}

}
