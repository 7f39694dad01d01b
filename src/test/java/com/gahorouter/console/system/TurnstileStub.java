package com.gahorouter.console.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback standing in for Cloudflare's siteverify. It answers like
 * Cloudflare: token {@value #PASS} with the right secret succeeds (solved on hostname
 * {@value #HOSTNAME}, action {@value #ACTION}), a token made by
 * {@link #passSolvedOn(String, String)} succeeds with that hostname and action, any other
 * token fails, and token {@value #OUTAGE} gets a 503 (a verifier that is down). It
 * records every form it receives.
 */
public final class TurnstileStub {

	public static final String SECRET = "turnstile-test-secret";

	public static final String PASS = "XXXX.DUMMY.TOKEN.PASS";

	public static final String OUTAGE = "XXXX.DUMMY.TOKEN.OUTAGE";

	/** The hostname siteverify reports for {@link #PASS}. */
	public static final String HOSTNAME = "localhost";

	/** The action siteverify reports for {@link #PASS}. */
	public static final String ACTION = "register";

	private static final String SOLVED_ON = PASS + "|";

	private final HttpServer server;

	private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

	private TurnstileStub() {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext("/turnstile/v0/siteverify", this::siteverify);
		server.start();
	}

	public static TurnstileStub start() {
		return new TurnstileStub();
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/turnstile/v0/siteverify";
	}

	/**
	 * A token that siteverify accepts as solved on {@code hostname} for {@code action}
	 * (as a widget on another site, or for another action, would produce).
	 */
	public static String passSolvedOn(String hostname, String action) {
		return SOLVED_ON + hostname + "|" + action;
	}

	/** The forms received so far, oldest first. */
	public List<Map<String, String>> received() {
		return List.copyOf(received);
	}

	private void siteverify(HttpExchange exchange) throws IOException {
		Map<String, String> form = parseForm(
				new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
		received.add(form);
		String token = form.getOrDefault("response", "");
		if (OUTAGE.equals(token)) {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
			return;
		}
		String hostname = HOSTNAME;
		String action = ACTION;
		boolean solved = PASS.equals(token);
		if (token.startsWith(SOLVED_ON)) {
			String[] parts = token.substring(SOLVED_ON.length()).split("\\|", -1);
			solved = parts.length == 2;
			hostname = solved ? parts[0] : "";
			action = solved ? parts[1] : "";
		}
		boolean success = SECRET.equals(form.get("secret")) && solved;
		byte[] body = (success
				? "{\"success\":true,\"challenge_ts\":\"2026-01-01T00:00:00Z\",\"hostname\":\"" + hostname
						+ "\",\"action\":\"" + action + "\",\"cdata\":\"\",\"error-codes\":[]}"
				: "{\"success\":false,\"error-codes\":[\"invalid-input-response\"]}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		exchange.getResponseBody().write(body);
		exchange.close();
	}

	private static Map<String, String> parseForm(String body) {
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

}
