package com.gahorouter.console.system;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the caches of several replicas coherent through PostgreSQL's
 * {@code LISTEN}/{@code NOTIFY}.
 *
 * <p>
 * A change that makes cached state stale is announced with {@link #publish} inside the
 * transaction that makes it, so the notification is delivered only if that transaction
 * commits. Each replica keeps one dedicated connection (not a pooled one) that
 * {@code LISTEN}s on {@value #CHANNEL} and re-emits what it hears on {@link #changes()};
 * features evict exactly what a {@link Change} names.
 *
 * <p>
 * Notifications are not replayed after a lost connection. While disconnected,
 * {@link #isListening()} is false and caches must read through to the database; on every
 * (re)connect, with backoff, a {@link Change#RESYNC} tells every cache to drop everything
 * it holds.
 *
 * <p>
 * {@code LISTEN} needs a session: behind PgBouncer in transaction mode point
 * {@code gahorouter.notifications.url} at PostgreSQL directly (README).
 */
@Component
public class ChangeNotifications implements SmartLifecycle, DisposableBean {

	static final String CHANNEL = "gahorouter_changes";

	private static final Logger log = LoggerFactory.getLogger(ChangeNotifications.class);

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	private final DatabaseClient db;

	private final JsonMapper json;

	private final ConnectionFactory listenerConnections;

	private final Sinks.Many<Change> changes = Sinks.many().multicast().directBestEffort();

	private volatile boolean listening;

	private volatile Disposable listener;

	/**
	 * {@code gahorouter.change.notice.lag}: from publishing a notice (in its transaction)
	 * to its arrival on this replica's listener; notices sent by the database itself
	 * carry no send time and are not timed.
	 */
	private final Timer noticeLag;

	public ChangeNotifications(DatabaseClient db, JsonMapper json, Environment environment, MeterRegistry meters) {
		this.db = db;
		this.json = json;
		this.listenerConnections = listenerConnectionFactory(environment);
		this.noticeLag = Timer.builder("gahorouter.change.notice.lag")
			.description("Time from publishing a change notice to receiving it")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * Announces a change to every replica (this one included). Joins the caller's
	 * transaction: delivered only if it commits. Call it in the same transaction as the
	 * write it describes.
	 */
	public Mono<Void> publish(Change change) {
		return db.sql("select pg_notify(:channel, :payload)")
			.bind("channel", CHANNEL)
			.bind("payload",
					json.writeValueAsString(new Notice(change.topic(), change.id(), System.currentTimeMillis())))
			.then();
	}

	/**
	 * Every change announced by any replica, plus a {@link Change#RESYNC} after each
	 * (re)connect.
	 */
	public Flux<Change> changes() {
		return changes.asFlux();
	}

	/**
	 * Calls {@code listener} with every change, on the listening connection's thread (it
	 * must be quick and must not block). A listener that throws is logged and keeps
	 * listening: a lost subscription would leave a cache stale for good.
	 */
	public Disposable onChange(Consumer<Change> listener) {
		return changes.asFlux().subscribe(change -> {
			try {
				listener.accept(change);
			}
			catch (RuntimeException e) {
				log.error("A cache failed to apply {}", change, e);
			}
		});
	}

	/**
	 * Whether notifications are being received; when false, caches may be stale and must
	 * not be trusted.
	 */
	public boolean isListening() {
		return listening;
	}

	@Override
	public void start() {
		listener = Mono.usingWhen(listenerConnections.create(), this::listen, Connection::close).doOnError(error -> {
			listening = false;
			log.warn("Change listener lost its connection ({}); reconnecting", error.toString());
		}).retryWhen(Retry.backoff(Long.MAX_VALUE, FIRST_BACKOFF).maxBackoff(MAX_BACKOFF)).subscribe();
	}

	private Mono<Void> listen(Connection connection) {
		PostgresqlConnection postgres = (PostgresqlConnection) connection;
		return Flux.from(postgres.createStatement("LISTEN " + CHANNEL).execute())
			.flatMap(result -> result.getRowsUpdated())
			.then(Mono.fromRunnable(() -> {
				listening = true;
				emit(Change.RESYNC);
			}))
			.thenMany(postgres.getNotifications())
			.doOnNext(notification -> emit(received(json.readValue(notification.getParameter(), Notice.class))))
			// The notification stream ends when the connection does: treat that as a
			// failure to retry.
			.then(Mono.<Void>error(new IllegalStateException("listener connection closed")))
			.doFinally(signal -> listening = false);
	}

	private synchronized void emit(Change change) {
		Sinks.EmitResult result = changes.tryEmitNext(change);
		if (result.isFailure() && result != Sinks.EmitResult.FAIL_ZERO_SUBSCRIBER) {
			log.warn("Could not hand a change notice to this replica's caches: {}", result);
		}
	}

	@Override
	public void stop() {
		if (listener != null) {
			listener.dispose();
		}
		listening = false;
	}

	/**
	 * Below the web server's phases: the listener starts before the server takes traffic
	 * and stops only after graceful shutdown has let the in-flight requests finish, so
	 * they never read through a stale cache.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	@Override
	public boolean isRunning() {
		return listener != null && !listener.isDisposed();
	}

	@Override
	public void destroy() {
		stop();
	}

	private static ConnectionFactory listenerConnectionFactory(Environment environment) {
		String url = environment.getProperty("gahorouter.notifications.url",
				environment.getRequiredProperty("spring.r2dbc.url"));
		ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions
			.parse(url.replaceFirst("^r2dbc:pool:", "r2dbc:"))
			.mutate();
		String username = environment.getProperty("spring.r2dbc.username");
		if (username != null) {
			options.option(ConnectionFactoryOptions.USER, username);
		}
		String password = environment.getProperty("spring.r2dbc.password");
		if (password != null && !password.isEmpty()) {
			options.option(ConnectionFactoryOptions.PASSWORD, password);
		}
		return ConnectionFactories.get(options.build());
	}

	private Change received(Notice notice) {
		if (notice.sentAt() != null) {
			long lag = System.currentTimeMillis() - notice.sentAt();
			noticeLag.record(Duration.ofMillis(Math.max(lag, 0)));
		}
		return new Change(notice.topic(), notice.id());
	}

	/**
	 * A {@link Change} as it travels: with the sender's clock (epoch millis) for the lag
	 * meter; null in the notices the database's triggers send. Replicas that do not know
	 * the field ignore it.
	 */
	private record Notice(String topic, UUID id, Long sentAt) {
	}

	/**
	 * What changed: a topic the publishing feature defines (e.g. {@code "catalog"}) and
	 * the id of what changed, or null for "all of that topic". {@link #RESYNC} means
	 * "anything may have changed".
	 */
	public record Change(String topic, UUID id) {

		public static final Change RESYNC = new Change("resync", null);

		public boolean isResync() {
			return RESYNC.topic().equals(topic);
		}
	}

}
