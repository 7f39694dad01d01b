package com.gahorouter.console.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The production jar is built without the {@code embedded-db} profile, so zonky's classes
 * are absent. Loaded by a class loader that hides them, {@link EmbeddedDatabase} must
 * stay out of the way when {@code spring.r2dbc.url} is set, and say what to set when it
 * is not (instead of a {@link NoClassDefFoundError}).
 */
class EmbeddedDatabaseWithoutZonkyTests {

	@Test
	void withADatabaseUrlItDoesNotNeedZonky() throws Exception {
		StandardEnvironment environment = environment(Map.of("spring.r2dbc.url", "r2dbc:postgresql://db:5432/app"));
		postProcessorWithoutZonky().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("gahorouter.embedded-db.running")).isNull();
		assertThat(environment.getProperty("spring.r2dbc.url")).isEqualTo("r2dbc:postgresql://db:5432/app");
	}

	@Test
	void withoutADatabaseUrlItNamesTheSettingToSet() throws Exception {
		EnvironmentPostProcessor postProcessor = postProcessorWithoutZonky();
		assertThatThrownBy(() -> postProcessor.postProcessEnvironment(environment(Map.of()), new SpringApplication()))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("spring.r2dbc.url")
			.hasMessageContaining("embedded-db");
	}

	@Test
	void theHidingClassLoaderReallyHidesZonky() {
		assertThatThrownBy(() -> Class.forName(EmbeddedDatabase.ZONKY, false, new WithoutZonky()))
			.isInstanceOf(ClassNotFoundException.class);
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

	private static EnvironmentPostProcessor postProcessorWithoutZonky() throws ReflectiveOperationException {
		Class<?> type = Class.forName(EmbeddedDatabase.class.getName(), true, new WithoutZonky());
		assertThat(type.getClassLoader()).isInstanceOf(WithoutZonky.class);
		try {
			return (EnvironmentPostProcessor) type.getDeclaredConstructor().newInstance();
		}
		catch (InvocationTargetException e) {
			throw new AssertionError("EmbeddedDatabase failed to load without zonky", e.getCause());
		}
	}

	/**
	 * Loads our system package itself (so its references resolve here) and refuses every
	 * zonky class.
	 */
	private static final class WithoutZonky extends ClassLoader {

		WithoutZonky() {
			super(EmbeddedDatabaseWithoutZonkyTests.class.getClassLoader());
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			synchronized (getClassLoadingLock(name)) {
				if (name.startsWith("io.zonky.")) {
					throw new ClassNotFoundException(name);
				}
				if (!name.startsWith(EmbeddedDatabase.class.getName())) {
					return super.loadClass(name, resolve);
				}
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					byte[] bytes = bytesOf(name);
					loaded = defineClass(name, bytes, 0, bytes.length);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

		@Override
		public InputStream getResourceAsStream(String name) {
			return name.startsWith("io/zonky/") ? null : super.getResourceAsStream(name);
		}

		@Override
		public java.net.URL getResource(String name) {
			return name.startsWith("io/zonky/") ? null : super.getResource(name);
		}

		private static byte[] bytesOf(String className) {
			String resource = className.replace('.', '/') + ".class";
			try (InputStream in = EmbeddedDatabaseWithoutZonkyTests.class.getClassLoader()
				.getResourceAsStream(resource)) {
				return in.readAllBytes();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

	}

}
