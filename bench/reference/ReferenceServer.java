import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A bare Reactor Netty server answering every GET with the same bytes as the console's
 * {@code GET /api/auth/config}: the second reference of the benchmarks, to show what
 * Spring WebFlux, Security and our filters cost on top of the transport they run on.
 * Run with the application's own dependencies (the script extracts them from the jar):
 *
 * <pre>
 * java -cp 'extracted/lib/*' bench/reference/ReferenceServer.java PORT BODY_FILE
 * </pre>
 */
public class ReferenceServer {

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		byte[] body = Files.readAllBytes(Path.of(args[1]));
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.route(routes -> routes.get("/**", (request, response) -> response
				.header(HttpHeaderNames.CONTENT_TYPE, "application/json")
				.header(HttpHeaderNames.CONTENT_LENGTH, String.valueOf(body.length))
				.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))))
			.bindNow();
		System.out.println("reference server on " + server.port() + ", " + body.length + " bytes: "
				+ new String(body, StandardCharsets.UTF_8));
		server.onDispose().block();
	}

}
