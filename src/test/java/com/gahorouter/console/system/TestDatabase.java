package com.gahorouter.console.system;

import java.time.Duration;
import java.util.Map;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The database behind the server as a test checks or arranges it: counts that assert the
 * state a request left, and the few writes a test makes behind the service's back.
 * Imported into every integration test's context by {@link IntegrationTest}.
 */
public class TestDatabase {

	private static final Duration LIMIT = Duration.ofSeconds(10);

	private final DatabaseClient db;

	TestDatabase(DatabaseClient db) {
		this.db = db;
	}

	/** Runs a query that returns one {@code count(*)} (or another single number). */
	public long count(String sql, Map<String, Object> parameters) {
		return spec(sql, parameters).map(row -> row.get(0, Long.class)).one().block(LIMIT);
	}

	/** Runs an update or any statement without an answer. */
	public void execute(String sql, Map<String, Object> parameters) {
		spec(sql, parameters).then().block(LIMIT);
	}

	private DatabaseClient.GenericExecuteSpec spec(String sql, Map<String, Object> parameters) {
		var spec = db.sql(sql);
		for (var entry : parameters.entrySet()) {
			spec = spec.bind(entry.getKey(), entry.getValue());
		}
		return spec;
	}

}
