package com.gahorouter.console.gateway;

/** {@code POST /internal/key-checks}. */
public record KeyCheckRequest(String key) {
}
