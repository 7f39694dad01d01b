package com.gahorouter.console.system;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cross-origin access for browser consoles served from another origin.
 *
 * @param allowedOrigins origins allowed to call the API (default none)
 */
@ConfigurationProperties("gahorouter.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins) {
}
