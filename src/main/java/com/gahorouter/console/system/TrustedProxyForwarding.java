package com.gahorouter.console.system;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.netty.util.NetUtil;
import reactor.core.publisher.Mono;

/**
 * Sets the request's remote address to the client's, as far as it can be trusted (finding
 * 6 of the security review): when the peer is one of {@code gahorouter.trusted-proxies},
 * the client is the right-most hop of {@code Forwarded} (RFC 7239 {@code for=}) or,
 * without it, {@code X-Forwarded-For} that is not itself a trusted proxy; from any other
 * peer those headers are ignored, since anyone can send them. Everything that asks
 * {@link ClientAddress} (rate limits, Turnstile's {@code remoteip}) sees that address.
 *
 * <p>
 * It replaces {@code server.forward-headers-strategy}, which trusts the headers of every
 * peer: the server refuses to start with that set to {@code native} or {@code framework}.
 * Hops are parsed as IP literals only (never resolved: no DNS lookup on an event loop); a
 * hop that is not one ({@code unknown}, an obfuscated name) ends the walk at the trusted
 * hop before it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TrustedProxyForwarding implements WebFilter {

	private final List<Cidr> trusted;

	public TrustedProxyForwarding(TrustedProxyProperties properties, Environment environment) {
		String strategy = environment.getProperty("server.forward-headers-strategy", "none").trim();
		if (!strategy.isEmpty() && !strategy.equalsIgnoreCase("none")) {
			throw new IllegalStateException("server.forward-headers-strategy=" + strategy
					+ " trusts forwarding headers from any client; unset it and list the reverse proxies in "
					+ "gahorouter.trusted-proxies instead");
		}
		this.trusted = properties.trustedProxies().stream().map(Cidr::parse).toList();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (trusted.isEmpty()) {
			return chain.filter(exchange);
		}
		ServerHttpRequest request = exchange.getRequest();
		InetSocketAddress peer = request.getRemoteAddress();
		if (peer == null || peer.getAddress() == null || !isTrusted(peer.getAddress())) {
			return chain.filter(exchange);
		}
		InetAddress client = client(peer.getAddress(), hops(request));
		if (client.equals(peer.getAddress())) {
			return chain.filter(exchange);
		}
		InetSocketAddress remote = new InetSocketAddress(client, 0);
		return chain.filter(exchange.mutate().request(r -> r.remoteAddress(remote)).build());
	}

	/** The right-most untrusted hop; the left-most one when all are trusted. */
	private InetAddress client(InetAddress peer, List<String> hops) {
		InetAddress client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = literal(hops.get(i));
			if (hop == null) {
				return client;
			}
			client = hop;
			if (!isTrusted(hop)) {
				return hop;
			}
		}
		return client;
	}

	private boolean isTrusted(InetAddress address) {
		byte[] bytes = address.getAddress();
		return trusted.stream().anyMatch(cidr -> cidr.contains(bytes));
	}

	/** The hops the proxies added, left (client side) to right (nearest proxy). */
	private static List<String> hops(ServerHttpRequest request) {
		List<String> hops = new ArrayList<>();
		List<String> forwarded = request.getHeaders().get("Forwarded");
		if (forwarded != null && !forwarded.isEmpty()) {
			for (String header : forwarded) {
				for (String element : header.split(",")) {
					String hop = "";
					for (String pair : element.split(";")) {
						int eq = pair.indexOf('=');
						if (eq > 0 && pair.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals("for")) {
							hop = pair.substring(eq + 1).trim();
						}
					}
					hops.add(hop);
				}
			}
			return hops;
		}
		List<String> xff = request.getHeaders().get("X-Forwarded-For");
		if (xff != null) {
			for (String header : xff) {
				for (String hop : header.split(",")) {
					hops.add(hop.trim());
				}
			}
		}
		return hops;
	}

	/**
	 * An IP literal ({@code 192.0.2.1}, {@code 192.0.2.1:443},
	 * {@code "[2001:db8::1]:80"}, {@code 2001:db8::1}), or null.
	 */
	static InetAddress literal(String hop) {
		String value = hop.trim();
		if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
			value = value.substring(1, value.length() - 1);
		}
		if (value.startsWith("[")) {
			int end = value.indexOf(']');
			value = end > 0 ? value.substring(1, end) : "";
		}
		else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':')) {
			value = value.substring(0, value.indexOf(':'));
		}
		if (!StringUtils.hasText(value)) {
			return null;
		}
		return NetUtil.createInetAddressFromIpAddressString(value);
	}

	/** An address block: the first {@code bits} bits of {@code network}. */
	record Cidr(byte[] network, int bits) {

		static Cidr parse(String text) {
			String value = text.trim();
			int slash = value.indexOf('/');
			String address = slash < 0 ? value : value.substring(0, slash);
			byte[] network = NetUtil.createByteArrayFromIpAddressString(address);
			if (network == null) {
				throw new IllegalArgumentException(
						"gahorouter.trusted-proxies: '" + text + "' is not an IP address or CIDR");
			}
			int bits = network.length * 8;
			if (slash >= 0) {
				try {
					bits = Integer.parseInt(value.substring(slash + 1));
				}
				catch (NumberFormatException e) {
					bits = -1;
				}
				if (bits < 0 || bits > network.length * 8) {
					throw new IllegalArgumentException(
							"gahorouter.trusted-proxies: '" + text + "' has an invalid prefix length");
				}
			}
			return new Cidr(network, bits);
		}

		boolean contains(byte[] address) {
			byte[] candidate = address;
			if (candidate.length != network.length) {
				candidate = mapped(candidate, network.length);
				if (candidate == null) {
					return false;
				}
			}
			int full = bits / 8;
			for (int i = 0; i < full; i++) {
				if (candidate[i] != network[i]) {
					return false;
				}
			}
			int rest = bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (candidate[full] & mask) == (network[full] & mask);
		}

		/**
		 * An IPv4-mapped IPv6 address as IPv4 (or the reverse); null when it is not one.
		 */
		private static byte[] mapped(byte[] address, int length) {
			if (address.length == 16 && length == 4) {
				for (int i = 0; i < 10; i++) {
					if (address[i] != 0) {
						return null;
					}
				}
				if (address[10] != (byte) 0xFF || address[11] != (byte) 0xFF) {
					return null;
				}
				return new byte[] { address[12], address[13], address[14], address[15] };
			}
			if (address.length == 4 && length == 16) {
				byte[] v6 = new byte[16];
				v6[10] = (byte) 0xFF;
				v6[11] = (byte) 0xFF;
				System.arraycopy(address, 0, v6, 12, 4);
				return v6;
			}
			return null;
		}

	}

}
