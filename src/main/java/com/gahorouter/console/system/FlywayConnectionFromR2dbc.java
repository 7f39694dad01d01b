package com.gahorouter.console.system;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Flyway migrates over JDBC while the server talks R2DBC: unless
 * {@code spring.flyway.url} is set, derive it and the credentials from
 * {@code spring.r2dbc.*}, so that one database setting configures both. Runs after
 * {@link EmbeddedDatabase}, which sets both itself.
 */
public class FlywayConnectionFromR2dbc implements EnvironmentPostProcessor, Ordered {

	@Override
	public int getOrder() {
		return new EmbeddedDatabase().getOrder() + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String r2dbcUrl = environment.getProperty("spring.r2dbc.url");
		if (!StringUtils.hasText(r2dbcUrl) || StringUtils.hasText(environment.getProperty("spring.flyway.url"))) {
			return;
		}
		Map<String, Object> derived = new HashMap<>();
		derived.put("spring.flyway.url", jdbcUrl(r2dbcUrl));
		if (!StringUtils.hasText(environment.getProperty("spring.flyway.user"))) {
			derived.put("spring.flyway.user", environment.getProperty("spring.r2dbc.username", ""));
			derived.put("spring.flyway.password", environment.getProperty("spring.r2dbc.password", ""));
		}
		environment.getPropertySources().addLast(new MapPropertySource("flywayFromR2dbc", derived));
	}

	/**
	 * {@code r2dbc:postgresql://h:5432/db?x} or {@code r2dbc:pool:postgresql://...} →
	 * {@code jdbc:postgresql://h:5432/db?x}.
	 */
	static String jdbcUrl(String r2dbcUrl) {
		String withoutScheme = r2dbcUrl.replaceFirst("^r2dbcs?:(pool:)?", "");
		return "jdbc:" + withoutScheme;
	}

}
