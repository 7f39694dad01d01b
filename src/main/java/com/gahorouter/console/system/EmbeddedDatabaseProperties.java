package com.gahorouter.console.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The embedded PostgreSQL that starts when no {@code spring.r2dbc.url} is configured.
 *
 * @param dir where the database keeps its files; a restart with the same directory keeps
 * every tenant
 * @param clean whether to wipe the directory at start (the tests do; a server never
 * should)
 */
@ConfigurationProperties("gahorouter.embedded-db")
public record EmbeddedDatabaseProperties(@DefaultValue("./data") Path dir, @DefaultValue("false") boolean clean) {
}
