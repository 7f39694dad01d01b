package com.gahorouter.console.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which peers may tell this server who the client is.
 *
 * @param trustedProxies the addresses or CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8},
 * {@code 127.0.0.1}) of the reverse proxies in front of this server; only a request whose
 * peer is one of them has its {@code Forwarded} / {@code X-Forwarded-For} read, and then
 * only up to the right-most hop that is not itself trusted; default none (the peer's
 * address is the client's)
 */
@ConfigurationProperties("gahorouter")
public record TrustedProxyProperties(@DefaultValue List<String> trustedProxies) {
}
