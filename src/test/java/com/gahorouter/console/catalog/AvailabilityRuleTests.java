package com.gahorouter.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import com.gahorouter.console.tenant.Region;

import tools.jackson.databind.json.JsonMapper;

class AvailabilityRuleTests {

	private static final List<Set<Region>> DEPLOYMENTS = List.of(EnumSet.of(Region.CN), EnumSet.of(Region.OVERSEAS),
			EnumSet.allOf(Region.class));

	/**
	 * Every combination: 3 deployments x 2 tenant regions x 2 service regions x 2
	 * visibilities x 3 overrides x 3 statuses.
	 */
	static Stream<Arguments> everyCombination() {
		List<Arguments> all = new ArrayList<>();
		for (Set<Region> deployment : DEPLOYMENTS) {
			for (Region tenantRegion : Region.values()) {
				for (Region serviceRegion : Region.values()) {
					for (Visibility visibility : Visibility.values()) {
						for (GroupAccess access : GroupAccess.values()) {
							for (GroupStatus status : GroupStatus.values()) {
								all.add(Arguments.of(deployment, tenantRegion, serviceRegion, visibility, access,
										status));
							}
						}
					}
				}
			}
		}
		assertThat(all).hasSize(216);
		return all.stream();
	}

	@ParameterizedTest(name = "deployment {0}, tenant {1}, group {2} {3} {5}, override {4}")
	@MethodSource("everyCombination")
	void availabilityIsTheContractsThreeFilters(Set<Region> deployment, Region tenantRegion, Region serviceRegion,
			Visibility visibility, GroupAccess access, GroupStatus status) {
		// The contract, read literally, one sentence per filter.
		boolean deploymentFilter = status != GroupStatus.DISABLED && deployment.contains(serviceRegion);
		boolean regionFilter = tenantRegion == Region.OVERSEAS || serviceRegion == Region.CN;
		boolean tenantFilter = visibility == Visibility.PUBLIC ? access != GroupAccess.BLOCKED
				: access == GroupAccess.GRANTED;

		assertThat(AvailabilityRule.isAvailable(status, serviceRegion, visibility, deployment, tenantRegion, access))
			.isEqualTo(deploymentFilter && regionFilter && tenantFilter);
		assertThat(AvailabilityRule.isCandidate(group(serviceRegion, visibility, status), deployment, tenantRegion))
			.isEqualTo(deploymentFilter && regionFilter);
	}

	@ParameterizedTest(name = "{0} tenant, {1} {2} {3} group, {4} -> {5}")
	@CsvSource({ "CN,       CN,       PUBLIC,     ACTIVE,      DEFAULT, true",
			"CN,       OVERSEAS, PUBLIC,     ACTIVE,      DEFAULT, false",
			"CN,       OVERSEAS, RESTRICTED, ACTIVE,      GRANTED, false",
			"OVERSEAS, CN,       PUBLIC,     ACTIVE,      DEFAULT, true",
			"OVERSEAS, OVERSEAS, PUBLIC,     MAINTENANCE, DEFAULT, true",
			"OVERSEAS, OVERSEAS, PUBLIC,     DISABLED,    GRANTED, false",
			"OVERSEAS, CN,       PUBLIC,     ACTIVE,      BLOCKED, false",
			"OVERSEAS, CN,       RESTRICTED, ACTIVE,      DEFAULT, false",
			"OVERSEAS, CN,       RESTRICTED, ACTIVE,      BLOCKED, false",
			"CN,       CN,       RESTRICTED, MAINTENANCE, GRANTED, true" })
	void examplesFromTheContract(Region tenantRegion, Region serviceRegion, Visibility visibility, GroupStatus status,
			GroupAccess access, boolean available) {
		assertThat(AvailabilityRule.isAvailable(status, serviceRegion, visibility, EnumSet.allOf(Region.class),
				tenantRegion, access))
			.isEqualTo(available);
	}

	@Test
	void aDeploymentServingOnlyCnOffersNoOverseasGroupEvenToOverseasTenants() {
		Set<Region> cnOnly = EnumSet.of(Region.CN);
		assertThat(AvailabilityRule.isAvailable(GroupStatus.ACTIVE, Region.OVERSEAS, Visibility.PUBLIC, cnOnly,
				Region.OVERSEAS, GroupAccess.GRANTED))
			.isFalse();
		assertThat(AvailabilityRule.isAvailable(GroupStatus.ACTIVE, Region.CN, Visibility.PUBLIC, cnOnly,
				Region.OVERSEAS, GroupAccess.DEFAULT))
			.isTrue();
	}

	@Test
	void tenantsWhoseOverridesChangeNothingShareTheRegionsListAndAllListsShareGroups() {
		GroupListEncoder encoder = new GroupListEncoder(JsonMapper.builder().build());
		ModelGroup cnPublic = group(Region.CN, Visibility.PUBLIC, GroupStatus.ACTIVE);
		ModelGroup cnRestricted = group(Region.CN, Visibility.RESTRICTED, GroupStatus.ACTIVE);
		ModelGroup overseas = group(Region.OVERSEAS, Visibility.PUBLIC, GroupStatus.ACTIVE);
		Set<Region> both = EnumSet.allOf(Region.class);
		List<ModelGroup> candidates = Stream.of(cnPublic, cnRestricted, overseas)
			.filter(g -> AvailabilityRule.isCandidate(g, both, Region.CN))
			.toList();
		RegionCatalog catalog = new RegionCatalog(Region.CN, both, candidates, encoder.encode(List.of(cnPublic)));

		assertThat(catalog.listFor(Map.of(), encoder)).isSameAs(catalog.defaultList());
		assertThat(catalog.listFor(Map.of(cnRestricted.id(), GroupAccess.BLOCKED, overseas.id(), GroupAccess.GRANTED),
				encoder))
			.isSameAs(catalog.defaultList());

		GroupList granted = catalog.listFor(new HashMap<>(Map.of(cnRestricted.id(), GroupAccess.GRANTED)), encoder);
		assertThat(granted.groups()).hasSize(2);
		assertThat(granted.groups().get(0)).isSameAs(cnPublic);
		assertThat(granted.groups().get(1)).isSameAs(cnRestricted);
		assertThat(granted.etag()).isNotEqualTo(catalog.defaultList().etag());

		GroupList blocked = catalog.listFor(Map.of(cnPublic.id(), GroupAccess.BLOCKED), encoder);
		assertThat(blocked.groups()).isEmpty();
		assertThat(blocked.jsonText()).isEqualTo("[]");
	}

	@Test
	void rateMultipliersAreDecimalStringsWithAtLeastOneDecimal() {
		assertThat(withMultiplier("1").rateMultiplierText()).isEqualTo("1.0");
		assertThat(withMultiplier("1.5000").rateMultiplierText()).isEqualTo("1.5");
		assertThat(withMultiplier("0.0850").rateMultiplierText()).isEqualTo("0.085");
		assertThat(withMultiplier("20").rateMultiplierText()).isEqualTo("20.0");
	}

	private static ModelGroup withMultiplier(String multiplier) {
		return new ModelGroup(UUID.randomUUID(), "g", "p", new BigDecimal(multiplier), Region.CN, Visibility.PUBLIC,
				GroupStatus.ACTIVE, List.of("m"), Instant.EPOCH, Instant.EPOCH, 0);
	}

	private static ModelGroup group(Region serviceRegion, Visibility visibility, GroupStatus status) {
		return new ModelGroup(UUID.randomUUID(), serviceRegion + " " + visibility + " " + status, "Platform",
				BigDecimal.ONE, serviceRegion, visibility, status, List.of("model"), Instant.EPOCH, Instant.EPOCH, 0);
	}

}
