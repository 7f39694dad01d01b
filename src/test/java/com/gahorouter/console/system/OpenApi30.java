package com.gahorouter.console.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import tools.jackson.databind.json.JsonMapper;

/**
 * Our OpenAPI 3.1 document, rewritten to the OpenAPI 3.0 constructs
 * swagger-request-validator understands (it reads 3.1's {@code type: [string, 'null']},
 * {@code const} and {@code {type: 'null'}} branches as "anything", which lets every value
 * through). The rewrite keeps the meaning: {@code type: [X, 'null']} becomes
 * {@code type: X,
 * nullable: true}, {@code const: v} becomes {@code enum: [v]}, and a
 * {@code oneOf}/{@code anyOf} with a {@code {type: 'null'}} branch becomes its other
 * branch, nullable. Test support.
 */
final class OpenApi30 {

	private static Map<String, Object> schemas;

	private OpenApi30() {
	}

	@SuppressWarnings("unchecked")
	static synchronized String downgrade(Path document) {
		Map<String, Object> root;
		try {
			root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(document));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		root.put("openapi", "3.0.3");
		schemas = (Map<String, Object>) ((Map<String, Object>) root.get("components")).get("schemas");
		return JsonMapper.builder().build().writeValueAsString(rewrite(root));
	}

	@SuppressWarnings("unchecked")
	private static Object rewrite(Object node) {
		if (node instanceof List<?> list) {
			List<Object> items = new ArrayList<>();
			list.forEach(item -> items.add(rewrite(item)));
			return items;
		}
		if (!(node instanceof Map<?, ?> map)) {
			return node;
		}
		Map<String, Object> schema = new LinkedHashMap<>();
		((Map<String, Object>) map).forEach((key, value) -> schema.put(key, rewrite(value)));
		if (schema.get("type") instanceof List<?> types) {
			List<Object> others = new ArrayList<>(types);
			if (others.remove("null")) {
				schema.put("nullable", true);
			}
			if (others.size() != 1) {
				throw new IllegalStateException("unsupported type list " + types);
			}
			schema.put("type", others.get(0));
		}
		if (schema.containsKey("const")) {
			schema.put("enum", List.of(schema.remove("const")));
		}
		for (String combinator : List.of("oneOf", "anyOf")) {
			if (schema.get(combinator) instanceof List<?> branches) {
				List<Object> others = new ArrayList<>(branches);
				if (others.removeIf(
						branch -> branch instanceof Map<?, ?> b && "null".equals(b.get("type")) && b.size() == 1)) {
					schema.remove(combinator);
					if (others.size() == 1) {
						// The other branch itself, made nullable (3.0's nullable does not
						// reach into allOf or $ref).
						Map<String, Object> branch = (Map<String, Object>) others.get(0);
						if (branch.get("$ref") instanceof String ref) {
							branch = (Map<String, Object>) rewrite(
									schemas.get(ref.substring(ref.lastIndexOf('/') + 1)));
						}
						schema.putAll(branch);
					}
					else {
						schema.put(combinator, others);
					}
					schema.put("nullable", true);
				}
			}
		}
		return schema;
	}

}
