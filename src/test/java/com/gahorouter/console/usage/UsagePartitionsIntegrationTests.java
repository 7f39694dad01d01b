package com.gahorouter.console.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import com.gahorouter.console.system.IntegrationTest;

/**
 * The daily partitions of {@code usage_records}: created ahead of today, dropped once
 * wholly older than the retention, with rollups untouched.
 */
class UsagePartitionsIntegrationTests extends IntegrationTest {

	private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'usage_records_'yyyyMMdd");

	@Autowired
	private DatabaseClient db;

	@Autowired
	private UsagePartitions partitions;

	@Autowired
	private UsagePartitionRepository repository;

	@Autowired
	private UsageProperties properties;

	@Test
	void partitionsExistAheadOfTodayAndThoseOlderThanTheRetentionAreDropped() {
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		LocalDate expired = today.minusDays(properties.retention().toDays() + 3);
		LocalDate kept = today.minusDays(properties.retention().toDays() - 1);
		repository.maintain(expired, expired, expired.minusDays(1)).block(Duration.ofSeconds(30));
		repository.maintain(kept, kept, expired.minusDays(1)).block(Duration.ofSeconds(30));
		assertThat(partitionNames()).contains(NAME.format(expired), NAME.format(kept));

		partitions.maintain().block(Duration.ofSeconds(30));

		List<String> names = partitionNames();
		assertThat(names).doesNotContain(NAME.format(expired)).contains(NAME.format(kept));
		for (int ahead = 0; ahead <= properties.partitionsAhead(); ahead++) {
			assertThat(names).contains(NAME.format(today.plusDays(ahead)));
		}
	}

	private List<String> partitionNames() {
		return db
			.sql("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid "
					+ "join pg_class p on p.oid = i.inhparent where p.relname = 'usage_records'")
			.map(row -> row.get(0, String.class))
			.all()
			.collectList()
			.block(Duration.ofSeconds(10));
	}

}
