package com.gahorouter.console.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

/**
 * The gateway (data plane) that calls {@code /internal/*} and {@code /v1/*}.
 *
 * @param token the shared secret the gateway sends as {@code Authorization: Bearer …};
 * without one, the gateway endpoints answer 404
 */
@ConfigurationProperties("gahorouter.gateway")
public record GatewayProperties(String token) {

	public boolean enabled() {
		return StringUtils.hasText(token);
	}
}
