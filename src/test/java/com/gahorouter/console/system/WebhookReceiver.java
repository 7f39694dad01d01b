package com.gahorouter.console.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;

/**
 * A real local HTTP server standing in for a tenant's alert webhook: it records every
 * POST (headers and raw body) and answers 204, or 500 while {@link #failing} is set.
 * Start one per test and {@link #close} it after.
 */
public final class WebhookReceiver implements AutoCloseable {

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final AtomicBoolean failing = new AtomicBoolean();

	private WebhookReceiver(HttpServer server) {
		this.server = server;
	}

	/** Listens on a free port of 127.0.0.1 under {@code /hook}. */
	public static WebhookReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			WebhookReceiver receiver = new WebhookReceiver(server);
			server.createContext("/hook", exchange -> {
				byte[] body = exchange.getRequestBody().readAllBytes();
				int status = receiver.failing.get() ? 500 : 204;
				receiver.received.add(new Received(exchange.getRequestHeaders().getFirst("X-Timestamp"),
						exchange.getRequestHeaders().getFirst("X-Signature"), body, status));
				exchange.sendResponseHeaders(status, -1);
				exchange.close();
			});
			server.start();
			return receiver;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The URL to set as the tenant's webhook. */
	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
	}

	/** Answer 500 to every POST from now on ({@code true}) or 204 again. */
	public void failing(boolean fail) {
		failing.set(fail);
	}

	/** Every POST so far, in arrival order, whatever it was answered. */
	public List<Received> received() {
		return List.copyOf(received);
	}

	/** The POSTs answered 204: the deliveries that succeeded. */
	public List<Received> accepted() {
		return received.stream().filter(r -> r.status() == 204).toList();
	}

	@Override
	public void close() {
		server.stop(0);
	}

	/** One POST as received, and the status it was answered. */
	public record Received(String timestamp, String signature, byte[] body, int status) {

		public String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

	}

}
