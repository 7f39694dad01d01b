package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Every metric that the alerts ({@code k8s/monitoring/prometheusrule.yaml}) and the
 * Grafana dashboard query exists in a real scrape of the running server's management
 * port, so a renamed meter breaks the build rather than a dashboard. Two lists are
 * explicit: metrics that come from elsewhere (Prometheus itself, kube-state-metrics), and
 * the domain meters still to be wired into the feature services (issue 12), which must be
 * ABSENT today: when one lands this test fails until it is taken off
 * {@link #PENDING_DOMAIN_METERS}.
 */
class MonitoringQueriesIntegrationTests extends IntegrationTest {

	/**
	 * Not ours: {@code up} is Prometheus' own, {@code kube_*} come from
	 * kube-state-metrics.
	 */
	static final Set<String> EXTERNAL = Set.of("up", "kube_pod_status_ready");

	/**
	 * Domain meters queried by the dashboard and alerts but not recorded yet: none. A
	 * meter added to the monitoring before the code records it goes here until it lands.
	 */
	static final Set<String> PENDING_DOMAIN_METERS = Set.of();

	private static final Path MONITORING = Path.of("k8s/monitoring");

	private static final Pattern STRINGS = Pattern.compile("\"(\\\\.|[^\"\\\\])*\"");

	private static final Pattern SELECTORS = Pattern.compile("\\{[^}]*}|\\[[^]]*]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(?!\\s*\\()(?![a-zA-Z0-9_:])");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

	@Test
	void everyQueriedMetricIsInARealScrapeExceptTheListedOnes() throws IOException {
		Set<String> queried = queriedMetrics();
		Set<String> scraped = scrape();

		assertThat(queried).as("the alerts and the dashboard query something").hasSizeGreaterThan(10);
		assertThat(queried).as("the lists name only queried metrics")
			.containsAll(EXTERNAL)
			.containsAll(PENDING_DOMAIN_METERS);
		Set<String> missing = new TreeSet<>(queried);
		missing.removeAll(scraped);
		missing.removeAll(EXTERNAL);
		missing.removeAll(PENDING_DOMAIN_METERS);
		assertThat(missing).as("queried metrics the server does not expose").isEmpty();
		assertThat(scraped).as("pending domain meters have landed: take them off PENDING_DOMAIN_METERS")
			.noneMatch(PENDING_DOMAIN_METERS::contains);
		assertThat(scraped).as("external metrics are not ours").doesNotContainAnyElementsOf(EXTERNAL);
	}

	@Test
	void httpMetricsAreTaggedWithTheRoutePatternNotTheRawPath() {
		web.get()
			.uri("/api/invitations/{token}", "no-such-invitation-token")
			.exchange()
			.expectStatus()
			.is4xxClientError();
		String scrape = management().get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape).contains("uri=\"/api/invitations/{token}\"").doesNotContain("no-such-invitation-token");
	}

	@Test
	void theMetricNameReaderSkipsFunctionsLabelsAndGrouping() {
		assertThat(metrics("histogram_quantile(0.99, sum by (uri, le) (rate(a_bucket{status=~\"5..\", x=\"y\"}[5m])))"
				+ " / on (pod) b_total > bool 1 and up == 0"))
			.containsExactlyInAnyOrder("a_bucket", "b_total", "up");
	}

	private Set<String> scrape() {
		// Traffic first, so that the request meters exist.
		web.get().uri("/api/auth/config").exchange().expectStatus().isOk();
		web.get().uri("/api/me").exchange().expectStatus().isUnauthorized();
		String body = management().get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return body.lines()
			.filter(line -> !line.startsWith("#") && !line.isBlank())
			.map(line -> line.split("[{ ]", 2)[0])
			.collect(Collectors.toCollection(TreeSet::new));
	}

	@SuppressWarnings("unchecked")
	private static Set<String> queriedMetrics() throws IOException {
		List<String> expressions = new ArrayList<>();
		GenericKubernetesResource rule = (GenericKubernetesResource) KubernetesManifests
			.parse(MONITORING.resolve("prometheusrule.yaml"))
			.get(0);
		for (Map<String, Object> group : (List<Map<String, Object>>) rule.get("spec", "groups")) {
			for (Map<String, Object> alert : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add((String) alert.get("expr"));
			}
		}
		JsonNode dashboard = new ObjectMapper()
			.readTree(Files.readString(MONITORING.resolve("gahorouter-console-dashboard.json")));
		for (JsonNode panel : dashboard.get("panels")) {
			for (JsonNode target : panel.get("targets")) {
				expressions.add(target.get("expr").asText());
			}
		}
		assertThat(expressions).allSatisfy(expression -> assertThat(expression).isNotBlank());
		Set<String> names = new TreeSet<>();
		expressions.forEach(expression -> names.addAll(metrics(expression)));
		return names;
	}

	/** The metric names of one PromQL expression. */
	static Set<String> metrics(String expression) {
		String bare = STRINGS.matcher(expression).replaceAll("\"\"");
		bare = SELECTORS.matcher(bare).replaceAll(" ");
		bare = GROUPING.matcher(bare).replaceAll(" ");
		Set<String> names = new TreeSet<>();
		Matcher identifiers = IDENTIFIER.matcher(bare);
		while (identifiers.find()) {
			String name = identifiers.group();
			if (!KEYWORDS.contains(name)) {
				names.add(name);
			}
		}
		return names;
	}

}
