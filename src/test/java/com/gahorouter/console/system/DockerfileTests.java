package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The image the Dockerfile builds: base images pinned to a full version (never a floating
 * tag), the production build without the embedded-db profile (no PostgreSQL binaries in
 * the jar), and a runtime stage that runs as a numeric non-root user (Kubernetes'
 * runAsNonRoot can only verify a numeric one), the same uid as the Deployment.
 */
class DockerfileTests {

	private static final Path DOCKERFILE = Path.of("Dockerfile");

	private static final Pattern ARG = Pattern.compile("^ARG\\s+(\\w+)=(\\S+)$");

	private static final Pattern FROM = Pattern.compile("^FROM\\s+(\\S+)(\\s+AS\\s+\\S+)?$", Pattern.CASE_INSENSITIVE);

	/** image:tag with a full x.y.z version in the tag, optionally @sha256:digest. */
	private static final Pattern PINNED = Pattern
		.compile("[\\w./-]+:[\\w.-]*\\d+\\.\\d+\\.\\d+[\\w.-]*(@sha256:[0-9a-f]{64})?");

	@Test
	void everyBaseImageIsPinnedToAFullVersion() {
		List<String> images = instructions("FROM").stream().map(from -> {
			Matcher matcher = FROM.matcher(from);
			assertThat(matcher.matches()).as(from).isTrue();
			return resolve(matcher.group(1));
		}).toList();
		assertThat(images).hasSize(2).allSatisfy(image -> {
			assertThat(image).as(image).matches(PINNED).doesNotContain(":latest");
			assertThat(image).startsWith("eclipse-temurin:17.");
		});
		assertThat(images.get(1)).as("the runtime stage is a JRE").contains("-jre");
	}

	@Test
	void theProductionBuildSwitchesTheEmbeddedDatabaseOff() {
		List<String> mavenRuns = instructions("RUN").stream().filter(run -> run.contains("./mvnw")).toList();
		assertThat(mavenRuns).hasSize(2)
			.allSatisfy(run -> assertThat(run).containsAnyOf("-P '!embedded-db'", "-P!embedded-db",
					"-P '!embedded-db' ", "-Dno-embedded-db"));
	}

	@Test
	void theRuntimeRunsAsANumericNonRootUser() {
		List<String> users = instructions("USER");
		assertThat(users).hasSize(1);
		assertThat(users.get(0)).matches("USER \\d+(:\\d+)?");
		assertThat(runtimeUid()).isGreaterThanOrEqualTo(1000);
		String runtime = text().substring(text().lastIndexOf("\nFROM "));
		assertThat(runtime).contains("--uid " + runtimeUid()).contains("USER " + runtimeUid());
		assertThat(runtime).doesNotContain("USER root").doesNotContain("USER 0");
		assertThat(runtime.indexOf("USER ")).as("USER before ENTRYPOINT").isLessThan(runtime.indexOf("ENTRYPOINT"));
	}

	/**
	 * The uid the runtime stage runs as (KubernetesManifestIntegrationTests compares the
	 * Deployment's).
	 */
	static long runtimeUid() {
		String user = instructions("USER").get(0).substring("USER ".length());
		return Long.parseLong(user.split(":")[0]);
	}

	private static String resolve(String image) {
		Map<String, String> args = new HashMap<>();
		for (String arg : instructions("ARG")) {
			Matcher matcher = ARG.matcher(arg);
			if (matcher.matches()) {
				args.put(matcher.group(1), matcher.group(2));
			}
		}
		String resolved = image;
		for (Map.Entry<String, String> arg : args.entrySet()) {
			resolved = resolved.replace("${" + arg.getKey() + "}", arg.getValue());
		}
		assertThat(resolved).as("every build argument of " + image + " has a default").doesNotContain("${");
		return resolved;
	}

	/** Instructions with continuation lines joined and comments dropped. */
	private static List<String> instructions(String keyword) {
		return text().replace("\\\n", " ")
			.lines()
			.map(String::strip)
			.filter(line -> !line.startsWith("#"))
			.filter(line -> line.regionMatches(true, 0, keyword + " ", 0, keyword.length() + 1))
			.map(line -> line.replaceAll("\\s+", " "))
			.toList();
	}

	private static String text() {
		try {
			return Files.readString(DOCKERFILE);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}
