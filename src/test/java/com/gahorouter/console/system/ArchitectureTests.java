package com.gahorouter.console.system;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package graph, written down once. Each feature package may use only the packages of
 * the layers below its own; packages of one layer know nothing of each other. Drawn
 * bottom-up:
 *
 * <pre>
 *   web                       the browser console (static pages, its routes)
 *   region    gateway  governance  the region change; the data plane's endpoints; audit log reads, alerts
 *   member    usage           members and invitations; usage records, aggregates, dashboard
 *   apikey                    API keys
 *   catalog   billing         model groups and available groups; balance, ledger, top-ups
 *   tenant    alert           tenants, self-registration, the operator's tenant list; alert settings and outbox
 *   auth                      accounts, sessions, sign-in, password reset, Turnstile
 *   audit                     the audit log's writer (every feature records in its own transaction)
 *   system                    cross-cutting: security, problem+json, database, caches, change notices
 * </pre>
 *
 * Why this order: auth only proves who someone is (sign-in answers get their tenant
 * through {@code
 * auth.SignInTenants}, which tenant implements); a tenant is created by registration, so
 * registration lives there; the catalog and billing are each about one tenant; a key
 * binds a catalog group; members own keys (removing one revokes them) and usage is
 * charged per key; the region change and the gateway act on all of it. The audit log's
 * writer sits right above system because every feature, sign-in included, writes its
 * entry in the transaction of its action (so it takes the actor as plain values); its
 * read routes and the alerts live in governance, which sees every tenant-level feature.
 * Alert crossings are written where balances move (billing) and spend is counted
 * (apikey/usage), in their transactions, so the alert outbox sits below both.
 */
class ArchitectureTests {

	private static final String BASE = "com.gahorouter.console";

	/** Layers from the bottom; a package may depend on any package of a lower layer. */
	private static final List<Set<String>> LAYERS = List.of(Set.of("system"), Set.of("audit"), Set.of("auth"),
			Set.of("tenant", "alert"), Set.of("catalog", "billing"), Set.of("apikey"), Set.of("member", "usage"),
			Set.of("region", "gateway", "governance"), Set.of("web"));

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(BASE);

	@Test
	void everyPackageHasAPlaceInTheLayering() {
		Set<String> placed = LAYERS.stream().flatMap(Set::stream).collect(Collectors.toSet());
		Set<String> packages = CLASSES.stream()
			.map(JavaClass::getPackageName)
			.filter(name -> name.startsWith(BASE + "."))
			.map(name -> name.substring(BASE.length() + 1).split("\\.")[0])
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(placed).as("layers of ArchitectureTests").containsAll(packages);
	}

	@Test
	void featurePackagesDependOnlyOnLowerLayers() {
		for (Map.Entry<String, Set<String>> forbidden : forbiddenDependencies().entrySet()) {
			if (forbidden.getValue().isEmpty()) {
				continue;
			}
			noClasses().that()
				.resideInAPackage(BASE + "." + forbidden.getKey() + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(
						forbidden.getValue().stream().map(p -> BASE + "." + p + "..").toArray(String[]::new))
				.because(forbidden.getKey() + " sits below " + forbidden.getValue() + " (see ArchitectureTests)")
				.allowEmptyShould(true)
				.check(CLASSES);
		}
	}

	@Test
	void systemKnowsNoFeature() {
		Set<String> features = LAYERS.stream().skip(1).flatMap(Set::stream).collect(Collectors.toSet());
		noClasses().that()
			.resideInAPackage(BASE + ".system..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(features.stream().map(p -> BASE + "." + p + "..").toArray(String[]::new))
			.check(CLASSES);
	}

	@Test
	void packagesAreFreeOfCycles() {
		slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(CLASSES);
	}

	/**
	 * For each package, the packages it must not use: those of its own layer and of every
	 * layer above.
	 */
	private static Map<String, Set<String>> forbiddenDependencies() {
		Map<String, Set<String>> forbidden = new LinkedHashMap<>();
		for (int layer = 0; layer < LAYERS.size(); layer++) {
			Set<String> notBelow = LAYERS.stream().skip(layer).flatMap(Set::stream).collect(Collectors.toSet());
			for (String pkg : LAYERS.get(layer)) {
				forbidden.put(pkg,
						notBelow.stream()
							.filter(other -> !other.equals(pkg))
							.collect(Collectors.toCollection(TreeSet::new)));
			}
		}
		return forbidden;
	}

}
