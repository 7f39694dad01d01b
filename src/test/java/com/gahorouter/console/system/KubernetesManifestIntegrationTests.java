package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * The manifests of {@code k8s/} as Kubernetes reads them (fabric8's model, unknown fields
 * refused) and as operators expect them: probes on paths and ports the running server
 * really serves, limits on every container, selectors that match, the autoscaler and the
 * budget on the Deployment, a hardened pod, a network policy that keeps the management
 * port to the monitoring namespace, an Ingress that never routes {@code /internal}, and
 * no secret value anywhere. The optional overlays ({@code k8s/monitoring},
 * {@code k8s/overlays/cloudnativepg}) are read too.
 */
class KubernetesManifestIntegrationTests extends IntegrationTest {

	private static final Path K8S = Path.of("k8s");

	private static final KubernetesManifests.Kustomization BASE = KubernetesManifests.load(K8S);

	private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|SECRET_KEY|CREDENTIALS)$");

	@Autowired
	private Environment environment;

	@Test
	void theBaseListsTheExpectedObjectsAndNoSecret() {
		assertThat(BASE.resources()).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("Namespace", "ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler",
					"PodDisruptionBudget", "NetworkPolicy", "Ingress");
		assertThat(BASE.all(Secret.class)).as("kubectl apply -k k8s applies no secret values").isEmpty();
		assertThat(BASE.listedFiles()).noneMatch(path -> path.getFileName().toString().contains("secret"));
		assertThat(BASE.file()).containsEntry("namespace", BASE.one(Namespace.class).getMetadata().getName());
	}

	@Test
	void theDeploymentRollsWithoutLosingCapacity() {
		Deployment deployment = BASE.one(Deployment.class);
		assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
		assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
		assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
		assertThat(matches(deployment.getSpec().getSelector(), podLabels())).as("selector matches the pod").isTrue();
		assertThat(pod().getTopologySpreadConstraints()).anySatisfy(spread -> {
			assertThat(spread.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
			assertThat(matches(spread.getLabelSelector(), podLabels())).isTrue();
		});
	}

	@Test
	void probesUseHealthPathsThePublicPortReallyServes() {
		Container console = console();
		int publicPort = environment.getRequiredProperty("server.port", Integer.class);
		assertThat(yamlPort("server.port")).isEqualTo(8080);
		Map<Probe, String> probes = Map.of(console.getStartupProbe(), "/livez", console.getLivenessProbe(), "/livez",
				console.getReadinessProbe(), "/readyz");
		probes.forEach((probe, path) -> {
			HTTPGetAction get = probe.getHttpGet();
			assertThat(get.getPath()).isEqualTo(path);
			assertThat(containerPort(console,
					get.getPort().getStrVal() != null ? get.getPort().getStrVal()
							: String.valueOf(get.getPort().getIntVal())))
				.as("probe port")
				.isEqualTo(yamlPort("server.port"));
			web.get().uri(path).exchange().expectStatus().isOk();
		});
		assertThat(publicPort).as("the test server runs on a random port, the manifests on application.yaml's")
			.isNotNegative();
	}

	@Test
	void theManagementPortIsScrapedAndServesPrometheus() {
		Container console = console();
		int management = yamlPort("management.server.port");
		assertThat(management).isEqualTo(8081);
		assertThat(containerPort(console, "management")).isEqualTo(management);
		Map<String, String> annotations = BASE.one(Deployment.class)
			.getSpec()
			.getTemplate()
			.getMetadata()
			.getAnnotations();
		assertThat(annotations).containsEntry("prometheus.io/scrape", "true")
			.containsEntry("prometheus.io/port", String.valueOf(management));
		management().get().uri(annotations.get("prometheus.io/path")).exchange().expectStatus().isOk();
		web.get().uri(annotations.get("prometheus.io/path")).exchange().expectStatus().isNotFound();
	}

	@Test
	void everyContainerHasRequestsAndLimits() {
		Set<Container> containers = new HashSet<>(pod().getContainers());
		if (pod().getInitContainers() != null) {
			containers.addAll(pod().getInitContainers());
		}
		assertThat(containers).isNotEmpty().allSatisfy(container -> {
			assertThat(container.getResources().getLimits()).as(container.getName()).containsKeys("cpu", "memory");
			assertThat(container.getResources().getRequests()).as(container.getName()).containsKeys("cpu", "memory");
		});
	}

	@Test
	void thePodIsHardened() throws IOException {
		PodSpec pod = pod();
		Container console = console();
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
		assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(DockerfileTests.runtimeUid()).isNotZero();
		assertThat(console.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
		assertThat(console.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
		assertThat(console.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
		String tmpVolume = console.getVolumeMounts()
			.stream()
			.filter(mount -> mount.getMountPath().equals("/tmp"))
			.findFirst()
			.orElseThrow()
			.getName();
		assertThat(pod.getVolumes()).filteredOn(volume -> volume.getName().equals(tmpVolume))
			.singleElement()
			.extracting(Volume::getEmptyDir)
			.isNotNull();
	}

	@Test
	void terminationWaitsLongerThanThePreStopPauseAndTheGracefulShutdown() {
		Container console = console();
		List<String> preStop = console.getLifecycle().getPreStop().getExec().getCommand();
		assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
		long pause = Long.parseLong(preStop.get(1));
		Duration shutdown = DurationStyle
			.detectAndParse(environment.getRequiredProperty("spring.lifecycle.timeout-per-shutdown-phase"));
		assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
		assertThat(pod().getTerminationGracePeriodSeconds()).isGreaterThan(pause + shutdown.toSeconds());
	}

	@Test
	void theServiceExposesThePublicPortOnly() {
		Service service = BASE.one(Service.class);
		assertThat(service.getSpec().getSelector()).isEqualTo(podLabels());
		assertThat(service.getSpec().getPorts()).singleElement()
			.satisfies(port -> assertThat(containerPort(console(), port.getTargetPort().getStrVal()))
				.isEqualTo(yamlPort("server.port")));
	}

	@Test
	void theAutoscalerAndTheBudgetTargetTheDeployment() {
		Deployment deployment = BASE.one(Deployment.class);
		HorizontalPodAutoscaler hpa = BASE.one(HorizontalPodAutoscaler.class);
		assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
		assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(deployment.getSpec().getReplicas());
		assertThat(hpa.getSpec().getMetrics()).singleElement()
			.satisfies(metric -> assertThat(metric.getResource().getName()).isEqualTo("cpu"));
		PodDisruptionBudget pdb = BASE.one(PodDisruptionBudget.class);
		assertThat(matches(pdb.getSpec().getSelector(), podLabels())).isTrue();
		assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isPositive()
			.isLessThan(deployment.getSpec().getReplicas());
	}

	@Test
	void theNetworkPolicyKeepsTheManagementPortToMonitoringAndEgressToWhatTheServerCalls() {
		NetworkPolicy policy = BASE.one(NetworkPolicy.class);
		assertThat(matches(policy.getSpec().getPodSelector(), podLabels())).isTrue();
		assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
		int publicPort = yamlPort("server.port");
		int management = yamlPort("management.server.port");
		List<NetworkPolicyIngressRule> ingress = policy.getSpec().getIngress();
		assertThat(ingress)
			.allSatisfy(rule -> assertThat(rule.getPorts()).as("every rule names its ports").isNotEmpty());
		assertThat(ingress).anySatisfy(rule -> assertThat(ports(rule.getPorts())).containsExactly(publicPort));
		assertThat(ingress).filteredOn(rule -> ports(rule.getPorts()).contains(management))
			.singleElement()
			.satisfies(rule -> {
				assertThat(ports(rule.getPorts())).containsExactly(management);
				assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
					assertThat(peer.getPodSelector()).isNull();
					assertThat(peer.getIpBlock()).isNull();
					assertThat(peer.getNamespaceSelector().getMatchLabels())
						.containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
				});
			});
		assertThat(policy.getSpec().getEgress()).allSatisfy(rule -> assertThat(rule.getPorts()).isNotEmpty());
		Set<Integer> egress = policy.getSpec()
			.getEgress()
			.stream()
			.flatMap(rule -> ports(rule.getPorts()).stream())
			.collect(Collectors.toSet());
		assertThat(egress).as("PostgreSQL, DNS, SMTP, HTTPS").containsExactlyInAnyOrder(5432, 53, 587, 465, 25, 443);
	}

	@Test
	void theIngressRoutesTheApiAndV1ButNeverInternal() {
		Ingress ingress = BASE.one(Ingress.class);
		List<HTTPIngressPath> paths = ingress.getSpec()
			.getRules()
			.stream()
			.flatMap(rule -> rule.getHttp().getPaths().stream())
			.toList();
		assertThat(paths).extracting(HTTPIngressPath::getPath).contains("/api", "/v1");
		for (String internal : List.of("/internal", "/internal/key-checks", "/internal/usage")) {
			assertThat(paths).as(internal + " must not be routed").noneMatch(path -> routes(path, internal));
		}
		assertThat(paths).allSatisfy(path -> {
			assertThat(path.getBackend().getService().getName())
				.isEqualTo(BASE.one(Service.class).getMetadata().getName());
			assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
		});
		assertThat(paths).anyMatch(path -> routes(path, "/api/model-groups"))
			.anyMatch(path -> routes(path, "/v1/models"));
	}

	@Test
	void theConfigMapTurnsOnRealPaymentsAndJsonLogs() {
		Map<String, String> data = BASE.one(ConfigMap.class).getData();
		assertThat(data).containsEntry("GAHOROUTER_BILLING_PROVIDER", "external")
			.containsEntry("LOGGING_STRUCTURED_FORMAT_CONSOLE", "ecs")
			.containsKey("SPRING_R2DBC_URL");
		assertThat(data.keySet()).as("no secret in a ConfigMap").noneMatch(key -> SECRET_NAME.matcher(key).matches());
		assertThat(console().getEnvFrom()).anySatisfy(from -> assertThat(from.getSecretRef()).isNotNull()
			.satisfies(secret -> assertThat(secret.getName()).isEqualTo("gahorouter-console")));
	}

	@Test
	void noSecretValueAnywhereInTheRepositorysManifests() throws IOException {
		List<Path> files;
		try (Stream<Path> walk = Files.walk(K8S)) {
			files = walk.filter(path -> path.toString().endsWith(".yaml")).toList();
		}
		assertThat(files).hasSizeGreaterThan(10);
		for (Path file : files) {
			if (file.getFileName().toString().equals("kustomization.yaml")) {
				continue;
			}
			for (HasMetadata object : KubernetesManifests.parse(file)) {
				if (object instanceof Secret secret) {
					assertThat(file.getFileName().toString()).as("a Secret only as an example").contains("example");
					Map<String, String> values = secret.getStringData() == null ? Map.of() : secret.getStringData();
					assertThat(secret.getData()).as(file + ": no base64 data").isNullOrEmpty();
					assertThat(values).as(file.toString())
						.isNotEmpty()
						.allSatisfy((key, value) -> assertThat(value).as(key).isEqualTo("REPLACE_ME"));
				}
				if (object instanceof Deployment deployment) {
					for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
						for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
							if (SECRET_NAME.matcher(env.getName()).matches()) {
								assertThat(env.getValue()).as(file + ": " + env.getName() + " comes from a Secret")
									.isNull();
								assertThat(env.getValueFrom().getSecretKeyRef()).isNotNull();
							}
						}
					}
				}
			}
		}
		for (Path kustomization : List.of(K8S, K8S.resolve("monitoring"), K8S.resolve("overlays/cloudnativepg"))) {
			assertThat(KubernetesManifests.load(kustomization).listedFiles()).as(kustomization.toString())
				.noneMatch(path -> path.getFileName().toString().startsWith("secret"));
		}
	}

	@Test
	void monitoringScrapesTheManagementPortOfThePods() {
		KubernetesManifests.Kustomization monitoring = KubernetesManifests.load(K8S.resolve("monitoring"));
		GenericKubernetesResource podMonitor = monitoring.custom("PodMonitor");
		Map<String, Object> spec = podMonitor.get("spec");
		assertThat(((Map<?, ?>) spec.get("selector")).get("matchLabels")).isEqualTo(podLabels());
		List<Map<String, Object>> endpoints = podMonitor.get("spec", "podMetricsEndpoints");
		assertThat(endpoints).singleElement().satisfies(endpoint -> {
			assertThat(containerPort(console(), (String) endpoint.get("port")))
				.isEqualTo(yamlPort("management.server.port"));
			assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
		});
		assertThat(monitoring.custom("PrometheusRule").getMetadata().getName()).isNotBlank();
		assertThat(monitoring.generatedFiles()).extracting(path -> path.getFileName().toString())
			.containsExactly("gahorouter-console-dashboard.json");
	}

	@Test
	void theCloudNativePgOverlayRunsThreeInstancesAndPointsTheConsoleAtTheReadWriteService() {
		KubernetesManifests.Kustomization overlay = KubernetesManifests.load(K8S.resolve("overlays/cloudnativepg"));
		GenericKubernetesResource cluster = overlay.custom("Cluster");
		assertThat((Integer) cluster.get("spec", "instances")).isEqualTo(3);
		assertThat(overlay.resources()).extracting(HasMetadata::getKind).contains("Deployment", "Cluster");
		Deployment patch = (Deployment) overlay.patches()
			.stream()
			.filter(Deployment.class::isInstance)
			.findFirst()
			.orElseThrow();
		assertThat(patch.getMetadata().getName()).isEqualTo(BASE.one(Deployment.class).getMetadata().getName());
		List<EnvVar> env = patch.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
		String url = env.stream()
			.filter(e -> e.getName().equals("SPRING_R2DBC_URL"))
			.findFirst()
			.orElseThrow()
			.getValue();
		assertThat(url).startsWith("r2dbc:postgresql://" + cluster.getMetadata().getName() + "-rw:5432/");
		assertThat(env).filteredOn(e -> e.getName().equals("SPRING_R2DBC_PASSWORD"))
			.singleElement()
			.satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
				.isEqualTo(cluster.getMetadata().getName() + "-app"));
	}

	@Test
	void aMisspelledFieldFailsTheLoad() {
		String typo = """
				apiVersion: apps/v1
				kind: Deployment
				metadata: {name: typo}
				spec:
				  selector: {matchLabels: {app: typo}}
				  template:
				    metadata: {labels: {app: typo}}
				    spec:
				      containers:
				        - name: console
				          image: example
				          readinesProbe:
				            httpGet: {path: /readyz, port: 8080}
				""";
		assertThatThrownBy(() -> KubernetesManifests.parse(typo, "in-memory")).isInstanceOf(AssertionError.class)
			.hasMessageContaining("readinesProbe");
		assertThatThrownBy(
				() -> KubernetesManifests.parse(typo.replace("kind: Deployment", "kind: Deploymnet"), "in-memory"))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("Deploymnet");
		assertThatThrownBy(() -> KubernetesManifests.parse("""
				apiVersion: v1
				kind: Service
				metadata: {name: typo}
				spec:
				  ports: [{port: 80, targetPortt: http}]
				""", "in-memory")).isInstanceOf(AssertionError.class).hasMessageContaining("targetPortt");
		assertThat(KubernetesManifests.parse(typo.replace("readinesProbe", "readinessProbe"), "in-memory"))
			.isInstanceOf(Deployment.class);
	}

	private static PodSpec pod() {
		return BASE.one(Deployment.class).getSpec().getTemplate().getSpec();
	}

	private static Map<String, String> podLabels() {
		return BASE.one(Deployment.class).getSpec().getTemplate().getMetadata().getLabels();
	}

	private static Container console() {
		return pod().getContainers()
			.stream()
			.filter(container -> container.getName().equals("console"))
			.findFirst()
			.orElseThrow();
	}

	private static int containerPort(Container container, String nameOrNumber) {
		return container.getPorts()
			.stream()
			.filter(port -> nameOrNumber.equals(port.getName())
					|| nameOrNumber.equals(String.valueOf(port.getContainerPort())))
			.map(ContainerPort::getContainerPort)
			.findFirst()
			.orElseThrow(() -> new AssertionError("no container port " + nameOrNumber));
	}

	private static boolean matches(LabelSelector selector, Map<String, String> labels) {
		assertThat(selector.getMatchExpressions()).isNullOrEmpty();
		return labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
	}

	private static Set<Integer> ports(List<NetworkPolicyPort> ports) {
		return ports.stream().map(port -> port.getPort().getIntVal()).collect(Collectors.toSet());
	}

	/**
	 * Kubernetes' path matching: Exact is equality, Prefix matches whole path elements.
	 */
	private static boolean routes(HTTPIngressPath path, String request) {
		String pattern = path.getPath();
		return switch (path.getPathType()) {
			case "Exact" -> request.equals(pattern);
			case "Prefix" -> pattern.equals("/") || request.equals(pattern.replaceAll("/$", ""))
					|| request.startsWith(pattern.replaceAll("/$", "") + "/");
			default -> true;
		};
	}

	/**
	 * A port as application.yaml sets it (the manifests follow the shipped defaults, not
	 * the test's).
	 */
	@SuppressWarnings("unchecked")
	private static int yamlPort(String property) {
		Object node = KubernetesManifests.yaml(Path.of("src/main/resources/application.yaml")).get(0);
		for (String segment : property.split("\\.")) {
			node = ((Map<String, Object>) node).get(segment);
		}
		return (Integer) node;
	}

}
