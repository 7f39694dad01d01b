package com.gahorouter.console.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/**
 * Reads the manifests a kustomization lists into fabric8's Kubernetes model, strictly: an
 * unknown field anywhere (a typo such as {@code readinesProbe}) fails, both through
 * Jackson's {@code FAIL_ON_UNKNOWN_PROPERTIES} and through the model's catch-all
 * {@code additionalProperties}, which fabric8 fills instead of failing and which must
 * stay empty. Custom resources (PodMonitor, PrometheusRule, CloudNativePG's Cluster)
 * become {@link GenericKubernetesResource}s. Test support; fabric8's model is on Jackson
 * 2 (com.fasterxml).
 */
final class KubernetesManifests {

	private static final ObjectMapper STRICT = new ObjectMapper()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

	private static final Map<String, Class<? extends HasMetadata>> TYPES = Map.of("v1/Namespace", Namespace.class,
			"v1/ConfigMap", ConfigMap.class, "v1/Secret", Secret.class, "v1/Service", Service.class,
			"apps/v1/Deployment", Deployment.class, "autoscaling/v2/HorizontalPodAutoscaler",
			HorizontalPodAutoscaler.class, "policy/v1/PodDisruptionBudget", PodDisruptionBudget.class,
			"networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class, "networking.k8s.io/v1/Ingress", Ingress.class);

	/**
	 * Custom resources we expect; anything else unknown is an error (a wrong apiVersion,
	 * say).
	 */
	private static final Set<String> CUSTOM = Set.of("monitoring.coreos.com/v1/PodMonitor",
			"monitoring.coreos.com/v1/PrometheusRule", "postgresql.cnpg.io/v1/Cluster");

	private KubernetesManifests() {
	}

	/**
	 * What one kustomization directory lists: its resources (recursively), patches and
	 * generated files.
	 */
	record Kustomization(Path dir, Map<String, Object> file, List<HasMetadata> resources, List<HasMetadata> patches,
			List<Path> generatedFiles, List<Path> listedFiles) {

		<T extends HasMetadata> List<T> all(Class<T> type) {
			return resources.stream().filter(type::isInstance).map(type::cast).toList();
		}

		<T extends HasMetadata> T one(Class<T> type) {
			List<T> found = all(type);
			if (found.size() != 1) {
				throw new AssertionError(
						"expected one " + type.getSimpleName() + " in " + dir + ", found " + found.size());
			}
			return found.get(0);
		}

		GenericKubernetesResource custom(String kind) {
			return resources.stream()
				.filter(r -> r instanceof GenericKubernetesResource && kind.equals(r.getKind()))
				.map(GenericKubernetesResource.class::cast)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + kind + " in " + dir));
		}
	}

	@SuppressWarnings("unchecked")
	static Kustomization load(Path dir) {
		Map<String, Object> file = (Map<String, Object>) yaml(dir.resolve("kustomization.yaml")).get(0);
		List<HasMetadata> resources = new ArrayList<>();
		List<HasMetadata> patches = new ArrayList<>();
		List<Path> generated = new ArrayList<>();
		List<Path> listed = new ArrayList<>();
		for (String resource : (List<String>) file.getOrDefault("resources", List.of())) {
			Path path = dir.resolve(resource).normalize();
			if (Files.isDirectory(path)) {
				Kustomization base = load(path);
				resources.addAll(base.resources());
				listed.addAll(base.listedFiles());
			}
			else {
				listed.add(path);
				resources.addAll(parse(path));
			}
		}
		for (Map<String, Object> patch : (List<Map<String, Object>>) file.getOrDefault("patches", List.of())) {
			Path path = dir.resolve((String) patch.get("path")).normalize();
			listed.add(path);
			patches.addAll(parse(path));
		}
		for (Map<String, Object> generator : (List<Map<String, Object>>) file.getOrDefault("configMapGenerator",
				List.of())) {
			for (String generatedFile : (List<String>) generator.getOrDefault("files", List.of())) {
				Path path = dir.resolve(generatedFile).normalize();
				if (!Files.isRegularFile(path)) {
					throw new AssertionError("configMapGenerator file missing: " + path);
				}
				generated.add(path);
				listed.add(path);
			}
		}
		return new Kustomization(dir, file, resources, patches, generated, listed);
	}

	/** Every document of one YAML file, as typed Kubernetes objects. */
	static List<HasMetadata> parse(Path file) {
		List<HasMetadata> objects = new ArrayList<>();
		for (Object document : yaml(file)) {
			if (document != null) {
				objects.add(convert(document, file.toString()));
			}
		}
		return objects;
	}

	/** Parses one YAML text (the negative tests use this on in-memory manifests). */
	static HasMetadata parse(String yaml, String where) {
		return convert(new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml), where);
	}

	@SuppressWarnings("unchecked")
	private static HasMetadata convert(Object document, String where) {
		Map<String, Object> map = (Map<String, Object>) document;
		String type = map.get("apiVersion") + "/" + map.get("kind");
		Class<? extends HasMetadata> target = TYPES.get(type);
		if (target == null && !CUSTOM.contains(type)) {
			throw new AssertionError(where + ": unexpected apiVersion/kind " + type);
		}
		HasMetadata object;
		try {
			Class<? extends HasMetadata> as = target != null ? target : GenericKubernetesResource.class;
			object = STRICT.convertValue(map, as);
		}
		catch (IllegalArgumentException e) {
			throw new AssertionError(where + ": " + type + " does not read as the Kubernetes model: " + e.getMessage(),
					e);
		}
		List<String> unknown = new ArrayList<>();
		collectUnknown(object, type, unknown, new IdentityHashMap<>());
		if (!unknown.isEmpty()) {
			throw new AssertionError(where + ": unknown fields " + unknown);
		}
		return object;
	}

	static List<Object> yaml(Path file) {
		try {
			List<Object> documents = new ArrayList<>();
			new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file)).forEach(documents::add);
			return documents;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Walks the model's getters; every non-empty additionalProperties is a field the
	 * model does not know.
	 */
	private static void collectUnknown(Object node, String path, List<String> unknown, Map<Object, Boolean> seen) {
		if (node == null || seen.put(node, Boolean.TRUE) != null) {
			return;
		}
		if (node instanceof Map<?, ?> map) {
			map.forEach((key, value) -> collectUnknown(value, path + "." + key, unknown, seen));
			return;
		}
		if (node instanceof Collection<?> items) {
			int i = 0;
			for (Object item : items) {
				collectUnknown(item, path + "[" + i++ + "]", unknown, seen);
			}
			return;
		}
		if (!node.getClass().getName().startsWith("io.fabric8.")) {
			return;
		}
		for (Method getter : node.getClass().getMethods()) {
			if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
					|| Modifier.isStatic(getter.getModifiers()) || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			Object value;
			try {
				value = getter.invoke(node);
			}
			catch (IllegalAccessException | InvocationTargetException e) {
				continue;
			}
			if (getter.getName().equals("getAdditionalProperties")) {
				// A custom resource keeps its whole body there: only its metadata is
				// checked.
				if (!(node instanceof GenericKubernetesResource) && value instanceof Map<?, ?> extra
						&& !extra.isEmpty()) {
					unknown.add(path + ": " + extra.keySet());
				}
				continue;
			}
			collectUnknown(value, path + "." + getter.getName().substring(3), unknown, seen);
		}
	}

}
