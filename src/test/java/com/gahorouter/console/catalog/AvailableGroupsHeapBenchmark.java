package com.gahorouter.console.catalog;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import com.gahorouter.console.system.IntegrationTest;

import reactor.core.publisher.Flux;

/**
 * Heap taken by 10,000 tenants' cached available-groups lists. Not part of the build (the
 * name does not end in {@code Tests}); run it on its own, see bench/README.md:
 * {@code ./mvnw -o test -Dtest=AvailableGroupsHeapBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class AvailableGroupsHeapBenchmark extends IntegrationTest {

	private static final int TENANTS = 10_000;

	private static final int GROUPS = 30;

	private static final int CONCURRENCY = 64;

	@Autowired
	private DatabaseClient db;

	@Autowired
	private AvailableGroups available;

	@Test
	void heapOfTenThousandTenantsLists() {
		db.sql("insert into model_groups (name, platform, rate_multiplier, service_region, visibility, status, models) "
				+ "select 'Heap group ' || i, 'Platform ' || (i % 7), 1 + (i % 5) * 0.25, "
				+ "case when i % 2 = 0 then 'CN' else 'OVERSEAS' end, "
				+ "case when i % 5 = 0 then 'RESTRICTED' else 'PUBLIC' end, 'ACTIVE', "
				+ "array['model-' || i || '-a', 'model-' || i || '-b'] from generate_series(1, :groups) i")
			.bind("groups", GROUPS)
			.then()
			.block(Duration.ofMinutes(1));
		List<UUID> tenants = db.sql("insert into tenants (id, name, region, contact_name, contact_phone) "
				+ "select gen_random_uuid(), 'Heap tenant ' || i, case when i % 2 = 0 then 'CN' else 'OVERSEAS' end, "
				+ "'Contact', '+8613800138000' from generate_series(1, :tenants) i returning id")
			.bind("tenants", TENANTS)
			.map(row -> row.get("id", UUID.class))
			.all()
			.collectList()
			.block(Duration.ofMinutes(1));
		// One tenant in ten has a grant of a RESTRICTED group of its region, so its list
		// is its own.
		db.sql("insert into tenant_group_access (tenant_id, group_id, access) "
				+ "select t.id, (select g.id from model_groups g where g.visibility = 'RESTRICTED' "
				+ "and g.service_region = t.region and g.name like 'Heap group %' limit 1), 'GRANTED' "
				+ "from (select id, region, row_number() over (order by id) n from tenants "
				+ "where name like 'Heap tenant %') t where t.n % 10 = 0")
			.then()
			.block(Duration.ofMinutes(1));

		long shared = measure(tenants);
		System.out.printf("catalog heap: %d tenants, %d groups, 10%% with own lists: %.1f MiB (%d bytes/tenant)%n",
				TENANTS, GROUPS, shared / 1048576.0, shared / TENANTS);

		db.sql("insert into tenant_group_access (tenant_id, group_id, access) "
				+ "select t.id, (select g.id from model_groups g where g.visibility = 'RESTRICTED' "
				+ "and g.service_region = t.region and g.name like 'Heap group %' limit 1), 'GRANTED' "
				+ "from tenants t where t.name like 'Heap tenant %' on conflict do nothing")
			.then()
			.block(Duration.ofMinutes(1));
		long own = measure(tenants);
		System.out.printf(
				"catalog heap: %d tenants, %d groups, every tenant with its own list: %.1f MiB (%d bytes/tenant)%n",
				TENANTS, GROUPS, own / 1048576.0, own / TENANTS);
	}

	/**
	 * Heap used after GC with every tenant's list cached, minus before (caches empty).
	 */
	private long measure(List<UUID> tenants) {
		available.evictAll();
		long before = usedHeapAfterGc();
		Flux.fromIterable(tenants).flatMap(available::forTenant, CONCURRENCY).then().block(Duration.ofMinutes(5));
		long after = usedHeapAfterGc();
		return after - before;
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
