package com.gahorouter.console.usage;

import java.time.LocalDate;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.reactive.TransactionalOperator;

import reactor.core.publisher.Mono;

/**
 * The DDL of the daily partitions of {@code usage_records}, in one function-free DO block
 * per run: partition names are {@code usage_records_YYYYMMDD} and built with
 * {@code format('%I')} from dates, never from input.
 */
@Repository
class UsagePartitionRepository {

	/** Any constant: the replicas' lock for partition maintenance. */
	private static final long LOCK = 0x6761686f7573L;

	private static final String MAINTAIN = """
			do $$
			declare
			    first_day date := cast('%s' as date);
			    last_day  date := cast('%s' as date);
			    oldest    date := cast('%s' as date);
			    day       date;
			    expired   record;
			begin
			    for day in select generate_series(first_day, last_day, interval '1 day')::date loop
			        execute format('create table if not exists %%I partition of usage_records for values from (%%L) to (%%L)',
			                       'usage_records_' || to_char(day, 'YYYYMMDD'), day, day + 1);
			    end loop;
			    for expired in
			        select c.relname from pg_inherits i
			        join pg_class c on c.oid = i.inhrelid
			        join pg_class p on p.oid = i.inhparent
			        where p.relname = 'usage_records' and c.relname ~ '^usage_records_[0-9]{8}$'
			          and to_date(substring(c.relname from 15), 'YYYYMMDD') < oldest
			    loop
			        execute format('drop table %%I', expired.relname);
			    end loop;
			    delete from usage_records_default where occurred_day < oldest;
			end
			$$
			""";

	private final DatabaseClient db;

	private final TransactionalOperator transaction;

	UsagePartitionRepository(DatabaseClient db, TransactionalOperator transaction) {
		this.db = db;
		this.transaction = transaction;
	}

	/**
	 * Creates the partitions of {@code [firstDay, lastDay]} and drops those before
	 * {@code oldestKept}, under the replicas' advisory lock.
	 */
	Mono<Void> maintain(LocalDate firstDay, LocalDate lastDay, LocalDate oldestKept) {
		// The dates are LocalDate values formatted as yyyy-MM-dd: no input reaches this
		// SQL.
		String sql = MAINTAIN.formatted(firstDay, lastDay, oldestKept);
		return db.sql("select pg_advisory_xact_lock(:lock)")
			.bind("lock", LOCK)
			.then()
			.then(db.sql(sql).then())
			.as(transaction::transactional);
	}

}
