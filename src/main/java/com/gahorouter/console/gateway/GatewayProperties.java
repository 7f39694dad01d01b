package com.gahorouter.console.gateway;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.StringUtils;

import com.gahorouter.console.auth.SecretSetting;

/**
 * The gateway (data plane) that calls {@code /internal/*} and {@code /v1/*}.
 *
 * @param token the shared secret the gateway sends as {@code Authorization: Bearer …};
 * without one, the gateway endpoints answer 404; a set one must be at least 32 characters
 * and no placeholder, or the server does not start
 */
@ConfigurationProperties("gahorouter.gateway")
public record GatewayProperties(String token) {

	public GatewayProperties {
		SecretSetting.requireStrong("gahorouter.gateway.token", token);
	}

	public boolean enabled() {
		return StringUtils.hasText(token);
	}
}
