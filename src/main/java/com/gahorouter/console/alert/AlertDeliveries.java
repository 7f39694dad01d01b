package com.gahorouter.console.alert;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import com.gahorouter.console.system.MailOutbox;
import com.gahorouter.console.system.Money;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the alert outbox: every {@code pollInterval} each replica claims due rows with
 * {@code for update skip locked} (so one replica delivers each) under a lease, mails or
 * POSTs them, and marks them {@code DELIVERED}, or schedules a retry with exponential
 * backoff ({@code retryBase} doubling up to {@code retryMax}) until {@code retryFor}
 * after the crossing, then {@code FAILED}. A replica that stops claims nothing more and
 * finishes the round in flight first (so a restart sends nothing twice); one that dies
 * mid-delivery leaves the row to another once the lease ends (at least once; the webhook
 * body's {@code id} lets a receiver drop a repeat).
 */
@Component
class AlertDeliveries implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(AlertDeliveries.class);

	private static final int CONCURRENT_DELIVERIES = 4;

	private static final int ERROR_LENGTH = 300;

	private final AlertRepository alerts;

	private final MailOutbox mail;

	private final WebClient web;

	private final JsonMapper json;

	private final AlertProperties properties;

	private volatile Disposable worker;

	private volatile Sinks.One<Boolean> stopping;

	private volatile Sinks.Empty<Void> stopped;

	AlertDeliveries(AlertRepository alerts, MailOutbox mail, WebClient.Builder web, JsonMapper json,
			AlertProperties properties) {
		this.alerts = alerts;
		this.mail = mail;
		this.web = web.build();
		this.json = json;
		this.properties = properties;
		sign("warm-up", "0", new byte[0]); // loads the JCE provider now, not on an event
											// loop
	}

	@Override
	public void start() {
		Sinks.One<Boolean> stop = Sinks.one();
		Sinks.Empty<Void> stopped = Sinks.empty();
		stopping = stop;
		this.stopped = stopped;
		worker = Flux.interval(properties.pollInterval())
			.takeUntilOther(stop.asMono())
			.onBackpressureDrop()
			.concatMap(tick -> pollOnce().onErrorResume(e -> {
				log.warn("Alert delivery poll failed: {}", e.getMessage());
				return Mono.empty();
			}))
			.doFinally(signal -> stopped.tryEmitEmpty())
			.subscribe();
	}

	/**
	 * Claims nothing more and lets the round in flight finish (bounded by the shutdown
	 * phase's timeout), so that what it sent is marked delivered before the database pool
	 * closes: a stopped replica leaves no delivery to be sent again.
	 */
	@Override
	public void stop(Runnable callback) {
		Sinks.One<Boolean> stop = stopping;
		Sinks.Empty<Void> done = stopped;
		if (stop == null || done == null) {
			callback.run();
			return;
		}
		stop.tryEmitValue(true);
		done.asMono().doFinally(signal -> callback.run()).subscribe();
	}

	@Override
	public void stop() {
		Disposable current = worker;
		if (current != null) {
			current.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable current = worker;
		return current != null && !current.isDisposed();
	}

	/** One round: claim what is due and deliver it. */
	Mono<Void> pollOnce() {
		return alerts.claimDue(properties.batchSize(), properties.lease().toMillis() / 1000.0)
			.flatMap(delivery -> deliver(delivery).then(alerts.markDelivered(delivery.id()))
				.onErrorResume(e -> failed(delivery, e).then(alerts.markAttemptFailed(delivery.id(), describe(e),
						Instant.now().plus(backoff(delivery.attempts())), properties.retryFor().toMillis() / 1000.0))),
					CONCURRENT_DELIVERIES)
			.then();
	}

	/** Logs a failed attempt without the recipient (a webhook URL may carry a token). */
	private static Mono<Void> failed(AlertDelivery delivery, Throwable error) {
		return Mono.fromRunnable(() -> log.warn("Alert delivery {} ({}) attempt {} failed: {}", delivery.id(),
				delivery.channel(), delivery.attempts(), error.toString()));
	}

	private Mono<Void> deliver(AlertDelivery delivery) {
		return switch (delivery.channel()) {
			case EMAIL -> mail.sendNow(delivery.recipient(), subject(delivery), text(delivery));
			case WEBHOOK -> post(delivery);
		};
	}

	private Mono<Void> post(AlertDelivery delivery) {
		return alerts.find(delivery.tenantId())
			.switchIfEmpty(Mono.error(() -> new IllegalStateException("webhook no longer configured")))
			.flatMap(settings -> {
				if (settings.webhookSecret() == null || !delivery.recipient().equals(settings.webhookUrl())) {
					// The URL was removed or changed since the crossing: its secret is
					// gone.
					return Mono.error(new IllegalStateException("webhook no longer configured"));
				}
				byte[] body = json.writeValueAsBytes(payload(delivery));
				String timestamp = Long.toString(Instant.now().getEpochSecond());
				return web.post()
					.uri(delivery.recipient())
					.contentType(MediaType.APPLICATION_JSON)
					.header("X-Timestamp", timestamp)
					.header("X-Signature", sign(settings.webhookSecret(), timestamp, body))
					.bodyValue(body)
					.retrieve()
					.toBodilessEntity()
					.timeout(properties.webhookTimeout())
					.then();
			});
	}

	private static Map<String, Object> payload(AlertDelivery delivery) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", delivery.id());
		body.put("type", delivery.type());
		body.put("tenantId", delivery.tenantId());
		body.put("keyId", delivery.keyId());
		body.put("threshold", Money.format(delivery.threshold()));
		body.put("value", Money.format(delivery.value()));
		body.put("occurredAt", delivery.occurredAt().toString());
		return body;
	}

	/** Hex HMAC-SHA256 of {@code <timestamp>.<raw body>}. */
	static String sign(String secret, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (java.security.GeneralSecurityException e) {
			throw new IllegalStateException("Every JDK has HmacSHA256", e);
		}
	}

	private Duration backoff(int attempts) {
		Duration wait = properties.retryBase();
		for (int i = 1; i < attempts && wait.compareTo(properties.retryMax()) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return wait.compareTo(properties.retryMax()) > 0 ? properties.retryMax() : wait;
	}

	private static String describe(Throwable error) {
		String text = error.getClass().getSimpleName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
		return text.length() <= ERROR_LENGTH ? text : text.substring(0, ERROR_LENGTH);
	}

	private static String subject(AlertDelivery delivery) {
		return delivery.type() == AlertType.LOW_BALANCE ? "gahorouter alert: low balance"
				: "gahorouter alert: API key budget";
	}

	private static String text(AlertDelivery delivery) {
		if (delivery.type() == AlertType.LOW_BALANCE) {
			return "Your organisation's balance is " + Money.format(delivery.value()) + ", at or below your alert "
					+ "threshold of " + Money.format(delivery.threshold()) + ".\nTop up in the console to keep your "
					+ "API keys working.";
		}
		return "API key " + delivery.keyId() + " has spent " + Money.format(delivery.value()) + ", "
				+ Money.format(delivery.threshold()) + "% of its spend limit or more.";
	}

}
