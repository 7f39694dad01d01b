package com.gahorouter.console.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The platform operator's account, created at start-up when no system admin exists.
 *
 * @param adminEmail its email
 * @param adminPassword its password; when unset, one is generated and logged once
 */
@ConfigurationProperties("gahorouter.bootstrap")
public record BootstrapProperties(@DefaultValue("admin@gahorouter.local") String adminEmail, String adminPassword) {
}
