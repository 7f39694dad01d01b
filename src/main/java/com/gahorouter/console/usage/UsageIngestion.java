package com.gahorouter.console.usage;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.apikey.ApiKey;
import com.gahorouter.console.apikey.ApiKeyService;
import com.gahorouter.console.apikey.KeySpend;
import com.gahorouter.console.billing.Ledger;
import com.gahorouter.console.billing.UsageCharge;
import com.gahorouter.console.catalog.CatalogService;
import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Group commit of the gateway's usage reports. Reports that arrive together, single or
 * batched, for one tenant or many, are written in one transaction per window: a bulk
 * insert of the usage records ({@code on conflict do nothing}: a replay is a
 * {@code DUPLICATE} and charges nothing), one balance update per tenant with the sum and
 * one {@code USAGE} ledger entry per report whose {@code balanceAfter} values form one
 * running sum ({@link Ledger#chargeUsage}), the hourly and daily rollups aggregated per
 * tenant, group and hour or day, each key's last reported call, and each key's spend per
 * UTC day ({@link ApiKeyService#recordSpend}, which also writes the key-budget alerts the
 * window crossed to the alert outbox). A window that makes a key reach its spend limit
 * announces that key to every replica in the same transaction and drops this replica's
 * cached snapshot of it before any caller is answered, so the next key check refuses it.
 * A caller's answer comes only after its window committed.
 *
 * <p>
 * Windows form by themselves: while one is being committed, the reports arriving
 * meanwhile queue for the next, up to {@code gahorouter.usage.max-window-reports}; at
 * most {@code concurrent-windows} run at once, and one starts beside a running one only
 * when {@code parallel-window-reports} wait (single reports from 64 connections measured
 * ~20 % more per second in one window of ~16 than in two of ~11; batches still overlap
 * two windows). Every statement touches rows in one order (request ids, tenant ids,
 * rollup keys and key ids sorted), so concurrent windows, here or on another replica,
 * wait for each other instead of deadlocking. A report that cannot be charged (unknown
 * key or group) is {@code REJECTED} before anything is written and does not affect the
 * others.
 *
 * <p>
 * Stopping: new reports are refused with 503 once the server stops, and the reports
 * already queued are written (or fail their callers) before the database pool closes.
 */
@Service
public class UsageIngestion implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(UsageIngestion.class);

	/** A call may be reported at most this far ahead of this server's clock. */
	static final Duration MAX_CLOCK_SKEW = Duration.ofDays(1);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final UsageRepository records;

	private final ApiKeyService keys;

	private final CatalogService catalog;

	private final Ledger ledger;

	private final TransactionalOperator transaction;

	private final UsageProperties properties;

	private final Queue<Submission> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger queued = new AtomicInteger();

	private final AtomicInteger runningWindows = new AtomicInteger();

	private final Sinks.Empty<Void> drained = Sinks.empty();

	private volatile boolean accepting;

	/** {@code gahorouter.usage.reports{outcome}}: recorded, duplicate or rejected. */
	private final Map<UsageOutcome.Outcome, Counter> outcomes = new EnumMap<>(UsageOutcome.Outcome.class);

	/**
	 * {@code gahorouter.usage.ingestion.lag}: from the call to the commit of its report.
	 */
	private final Timer ingestionLag;

	public UsageIngestion(UsageRepository records, ApiKeyService keys, CatalogService catalog, Ledger ledger,
			TransactionalOperator transaction, UsageProperties properties, MeterRegistry meters) {
		this.records = records;
		this.keys = keys;
		this.catalog = catalog;
		this.ledger = ledger;
		this.transaction = transaction;
		this.properties = properties;
		for (UsageOutcome.Outcome outcome : UsageOutcome.Outcome.values()) {
			outcomes.put(outcome,
					Counter.builder("gahorouter.usage.reports")
						.description("Usage reports by outcome")
						.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
						.register(meters));
		}
		this.ingestionLag = Timer.builder("gahorouter.usage.ingestion.lag")
			.description("Time from a reported call to the commit of its usage record")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * Records one report; completes after its window committed. A report that cannot be
	 * charged is {@code VALIDATION_FAILED} naming the field.
	 */
	public Mono<UsageOutcome> record(UsageReport report) {
		return submit(List.of(report)).map(results -> {
			Result result = results.get(0);
			if (result.error() != null) {
				throw ApiException.validation(result.error().field(), result.error().message());
			}
			return result.outcome();
		});
	}

	/**
	 * Records valid reports and answers one outcome per report in their order; every
	 * {@code RECORDED} one is committed when this completes.
	 */
	public Mono<List<UsageOutcome>> recordAll(List<UsageReport> reports) {
		return submit(reports).map(results -> results.stream().map(Result::outcome).toList());
	}

	private Mono<List<Result>> submit(List<UsageReport> reports) {
		return Mono.defer(() -> {
			if (!accepting) {
				return Mono.error(ApiException.unavailable("The server is stopping; report again.", RETRY_AFTER));
			}
			if (queued.addAndGet(reports.size()) > properties.maxQueuedReports()) {
				queued.addAndGet(-reports.size());
				return Mono.error(ApiException.unavailable("Too many usage reports are waiting.", RETRY_AFTER));
			}
			Submission submission = new Submission(reports, Sinks.one());
			queue.add(submission);
			drain();
			return submission.answer().asMono();
		});
	}

	/**
	 * Starts windows while there are queued reports and a free window: the first at once,
	 * another beside it only when enough reports wait. A window that ends drains again,
	 * so reports left waiting go into the next.
	 */
	private void drain() {
		while (!queue.isEmpty()) {
			int running = runningWindows.get();
			if (running >= properties.concurrentWindows()
					|| running > 0 && queued.get() < properties.parallelWindowReports()) {
				return;
			}
			if (!runningWindows.compareAndSet(running, running + 1)) {
				continue;
			}
			List<Submission> window = takeWindow();
			if (window.isEmpty()) {
				runningWindows.decrementAndGet();
				continue;
			}
			write(window).doFinally(signal -> {
				runningWindows.decrementAndGet();
				if (queue.isEmpty() && runningWindows.get() == 0) {
					drained.tryEmitEmpty();
				}
				drain();
			}).subscribe();
		}
	}

	private List<Submission> takeWindow() {
		List<Submission> window = new ArrayList<>();
		int size = 0;
		Submission next;
		while ((next = queue.peek()) != null
				&& (window.isEmpty() || size + next.reports().size() <= properties.maxWindowReports())) {
			if (queue.remove(next)) {
				window.add(next);
				size += next.reports().size();
			}
		}
		queued.addAndGet(-size);
		return window;
	}

	private Mono<Void> write(List<Submission> window) {
		List<UsageReport> reports = window.stream().flatMap(submission -> submission.reports().stream()).toList();
		Set<UUID> keyIds = new HashSet<>();
		reports.forEach(report -> keyIds.add(report.keyId()));
		return keys.findAll(keyIds)
			.flatMap(knownKeys -> catalog.findAll(groupIds(reports, knownKeys))
				.flatMap(knownGroups -> writeResolved(reports, knownKeys, knownGroups)))
			.as(transaction::transactional)
			.doOnNext(written -> {
				// Before anyone hears of the commit: this replica's next key check
				// refuses a
				// key whose spend limit the window reached (the others evict on the
				// notice).
				keys.forgetKeys(written.limitsReached());
				answer(window, written.results());
			})
			.doOnError(error -> {
				log.warn("A usage window of {} reports failed: {}", reports.size(), error.toString());
				window.forEach(submission -> submission.answer().tryEmitError(error));
			})
			.onErrorResume(error -> Mono.empty())
			.then();
	}

	private Mono<Written> writeResolved(List<UsageReport> reports, Map<UUID, ApiKey> knownKeys,
			Map<UUID, ModelGroup> knownGroups) {
		Instant now = Instant.now();
		List<Result> results = new ArrayList<>(reports.size());
		List<UsageRecord> candidates = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (UsageReport report : reports) {
			ApiKey key = knownKeys.get(report.keyId());
			UUID groupId = admittingGroupId(report, key);
			Instant occurredAt = report.occurredAt() != null ? report.occurredAt() : now;
			Result rejection = rejection(report, key, groupId, knownGroups, occurredAt, now);
			if (rejection != null) {
				results.add(rejection);
				continue;
			}
			UsageRecord record = UsageRecord.of(report, key.tenantId(), knownGroups.get(groupId), occurredAt);
			if (!seen.add(record.identity())) {
				results.add(new Result(UsageOutcome.duplicate(report.requestId()), null, null));
				continue;
			}
			candidates.add(record);
			results.add(null);
		}
		if (candidates.isEmpty()) {
			return Mono.just(new Written(results, List.of()));
		}
		return records.insertNew(candidates).flatMap(inserted -> {
			List<UsageRecord> recorded = candidates.stream()
				.filter(record -> inserted.contains(record.identity()))
				.toList();
			int next = 0;
			for (int i = 0; i < results.size(); i++) {
				if (results.get(i) == null) {
					UsageRecord record = candidates.get(next++);
					results.set(i,
							inserted.contains(record.identity())
									? new Result(UsageOutcome.recorded(record.requestId()), null, record.occurredAt())
									: new Result(UsageOutcome.duplicate(record.requestId()), null, null));
				}
			}
			if (recorded.isEmpty()) {
				return Mono.just(new Written(results, List.of()));
			}
			List<UsageCharge> charges = recorded.stream()
				.map(record -> new UsageCharge(record.tenantId(), record.cost().negate(), record.requestId()))
				.toList();
			return ledger.chargeUsage(charges)
				.then(records.rollUp(recorded))
				.then(keys.recordReportedCalls(lastCalls(recorded)))
				.then(keys.recordSpend(spend(recorded)))
				.map(limitsReached -> new Written(results, limitsReached));
		});
	}

	private static Result rejection(UsageReport report, ApiKey key, UUID groupId, Map<UUID, ModelGroup> knownGroups,
			Instant occurredAt, Instant now) {
		if (key == null) {
			return Result.rejected(report, "keyId", "is not a known key");
		}
		if (groupId == null) {
			return Result.rejected(report, "groupId", "is required: the key has no group now");
		}
		if (!knownGroups.containsKey(groupId)) {
			return Result.rejected(report, "groupId", "is not a known model group");
		}
		if (occurredAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
			return Result.rejected(report, "occurredAt", "must not be more than a day in the future");
		}
		return null;
	}

	/**
	 * The group the report names, or the key's current group (null when neither is
	 * known).
	 */
	private static UUID admittingGroupId(UsageReport report, ApiKey key) {
		return report.groupId() != null ? report.groupId() : key == null ? null : key.groupId();
	}

	private static Set<UUID> groupIds(List<UsageReport> reports, Map<UUID, ApiKey> knownKeys) {
		Set<UUID> ids = new HashSet<>();
		for (UsageReport report : reports) {
			ApiKey key = knownKeys.get(report.keyId());
			UUID groupId = admittingGroupId(report, key);
			if (groupId != null) {
				ids.add(groupId);
			}
		}
		return ids;
	}

	private static Map<UUID, Instant> lastCalls(List<UsageRecord> recorded) {
		Map<UUID, Instant> last = new HashMap<>();
		recorded.forEach(record -> last.merge(record.keyId(), record.occurredAt(), (a, b) -> a.isAfter(b) ? a : b));
		return last;
	}

	/** Each key's charged cost per UTC day of the calls, in key and day order. */
	private static List<KeySpend> spend(List<UsageRecord> recorded) {
		Map<UUID, Map<LocalDate, BigDecimal>> sums = new TreeMap<>();
		recorded.forEach(record -> sums.computeIfAbsent(record.keyId(), id -> new TreeMap<>())
			.merge(LocalDate.ofInstant(record.occurredAt(), ZoneOffset.UTC), record.cost(), BigDecimal::add));
		List<KeySpend> spend = new ArrayList<>();
		sums.forEach((keyId, days) -> days.forEach((day, amount) -> spend.add(new KeySpend(keyId, day, amount))));
		return spend;
	}

	private void answer(List<Submission> window, List<Result> results) {
		Instant committed = Instant.now();
		for (Result result : results) {
			outcomes.get(result.outcome().outcome()).increment();
			if (result.occurredAt() != null && result.occurredAt().isBefore(committed)) {
				ingestionLag.record(Duration.between(result.occurredAt(), committed));
			}
		}
		int offset = 0;
		for (Submission submission : window) {
			int size = submission.reports().size();
			submission.answer().tryEmitValue(List.copyOf(results.subList(offset, offset + size)));
			offset += size;
		}
	}

	@Override
	public void start() {
		accepting = true;
	}

	/**
	 * Refuses new reports and waits (bounded by the shutdown phase's timeout) until the
	 * queued ones are written.
	 */
	@Override
	public void stop(Runnable callback) {
		accepting = false;
		if (queue.isEmpty() && runningWindows.get() == 0) {
			callback.run();
			return;
		}
		drained.asMono().doFinally(signal -> callback.run()).subscribe();
	}

	@Override
	public void stop() {
		accepting = false;
	}

	@Override
	public boolean isRunning() {
		return accepting;
	}

	/**
	 * Stops after the web server (which finishes in-flight requests first) and before the
	 * database pool.
	 */
	@Override
	public int getPhase() {
		return 0;
	}

	/** A window's outcomes, and the keys whose spend limit it reached. */
	private record Written(List<Result> results, List<UUID> limitsReached) {
	}

	/** Reports handed in together, answered together. */
	private record Submission(List<UsageReport> reports, Sinks.One<List<Result>> answer) {
	}

	/**
	 * One report's outcome, for a rejected one the field error the single endpoint
	 * answers, and for a recorded one when its call happened (the ingestion lag).
	 */
	private record Result(UsageOutcome outcome, ApiException.FieldError error, Instant occurredAt) {

		static Result rejected(UsageReport report, String field, String message) {
			return new Result(
					UsageOutcome.rejected(report.requestId(), ErrorCode.VALIDATION_FAILED.name(), field, message),
					new ApiException.FieldError(field, message), null);
		}

	}

}
