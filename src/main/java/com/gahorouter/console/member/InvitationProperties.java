package com.gahorouter.console.member;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where invitation links point.
 *
 * @param consoleUrl the console's public URL; a link is
 * {@code <console-url>/invitations/<token>}
 */
@ConfigurationProperties("gahorouter")
public record InvitationProperties(@DefaultValue("http://localhost:8080") URI consoleUrl) {
}
