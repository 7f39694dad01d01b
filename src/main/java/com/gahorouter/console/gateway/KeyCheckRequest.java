package com.gahorouter.console.gateway;

/**
 * {@code POST /internal/key-checks}: the key and, for a key with an IP allowlist, the
 * address of the gateway's client.
 */
public record KeyCheckRequest(String key, String clientIp) {
}
