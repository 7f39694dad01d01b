package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.gahorouter.console.GahorouterApplication;

/**
 * Starts a second application (test profile, random port) with some settings changed, for
 * tests of what the server refuses to start with.
 */
public final class StartupFailure {

	private StartupFailure() {
	}

	/**
	 * Asserts that the server, started with these settings on top of the test profile,
	 * fails to start, with a message (somewhere in the cause chain) containing
	 * {@code expectedMessage}.
	 */
	public static void assertRefusesToStart(Map<String, String> settings, String expectedMessage) {
		assertThatThrownBy(() -> start(settings).close()).satisfies(failure -> {
			StringBuilder messages = new StringBuilder();
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				messages.append(cause.getMessage()).append('\n');
			}
			org.assertj.core.api.Assertions.assertThat(messages.toString()).contains(expectedMessage);
		});
	}

	/** Starts the server with these settings on top of the test profile. */
	public static ConfigurableApplicationContext start(Map<String, String> settings) {
		Map<String, String> properties = new HashMap<>(settings);
		properties.putIfAbsent("server.port", "0");
		// As command-line arguments, so that they win over the test profile's settings.
		String[] arguments = properties.entrySet()
			.stream()
			.map(setting -> "--" + setting.getKey() + "=" + setting.getValue())
			.toArray(String[]::new);
		return new SpringApplicationBuilder(GahorouterApplication.class).profiles("test").run(arguments);
	}

}
