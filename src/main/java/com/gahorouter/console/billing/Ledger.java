package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.Set;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.HashMap;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.Money;
import com.gahorouter.console.system.Secrets;
import com.gahorouter.console.system.RequestValidator;
import com.gahorouter.console.tenant.Tenant;
import com.gahorouter.console.tenant.TenantService;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's credit: an append-only ledger whose sum is {@code tenants.balance}. Every
 * change of a balance is an {@link #append} here (top-ups, usage charges, operator
 * adjustments); the database refuses updates and deletes of ledger entries.
 * <p>
 * Concurrency: one statement updates the tenant's balance and inserts the entry, so the
 * tenant's row lock serialises appends on one tenant (until the caller's transaction
 * ends) and their {@code balanceAfter} values form one running sum in {@code sequence}
 * order. Appends on different tenants do not wait for each other.
 * <p>
 * Zero crossings: the balance may go negative (usage is charged for calls already
 * admitted; the operator may claw credit back). When an entry moves it across zero
 * ({@link LedgerEntry#crossedZero()}), the database also announces it on commit (a
 * trigger sending a {@code balance} change on
 * {@link com.gahorouter.console.system.ChangeNotifications}'s channel), so every
 * replica's {@link CreditStatus} forgets the tenant whoever appended; this replica
 * forgets it right after the commit. Amounts are kept to {@link Money#SCALE} decimals: a
 * model call can cost a fraction of a cent.
 */
@Service
public class Ledger {

	private static final String COLUMNS = "id, seq, tenant_id, kind, amount, balance_after, reference, created_at";

	/**
	 * {@code no key update}, like the {@code update} of {@link #append}: it does not wait
	 * for the key-share locks that the usage records' foreign keys take on the tenant.
	 */
	private static final String LOCK_BALANCES = """
			select id, balance from tenants where id = any(:tenantIds) order by id for no key update
			""";

	private static final String MOVE_BALANCES = """
			update tenants t set balance = t.balance + d.amount
			from unnest(cast(:tenantIds as uuid[]), cast(:amounts as numeric[])) as d(tenant_id, amount)
			where t.id = d.tenant_id
			""";

	/** In the given order, so that seq follows the running sum of balance_after. */
	private static final String APPEND_USAGE_ENTRIES = """
			insert into ledger_entries (id, tenant_id, kind, amount, balance_after, reference)
			select e.id, e.tenant_id, 'USAGE', e.amount, e.balance_after, e.reference
			from unnest(cast(:ids as uuid[]), cast(:tenantIds as uuid[]), cast(:amounts as numeric[]),
			            cast(:balancesAfter as numeric[]), cast(:references as text[]))
			     with ordinality as e(id, tenant_id, amount, balance_after, reference, position)
			order by e.position
			""";

	private final DatabaseClient db;

	private final TenantService tenants;

	private final RequestValidator validator;

	private final TransactionalOperator transaction;

	private final CreditStatus credit;

	public Ledger(DatabaseClient db, TenantService tenants, RequestValidator validator,
			TransactionalOperator transaction, CreditStatus credit) {
		this.credit = credit;
		this.db = db;
		this.tenants = tenants;
		this.validator = validator;
		this.transaction = transaction;
	}

	/**
	 * Appends an entry and moves the tenant's balance by {@code amount} in one statement;
	 * joins the caller's transaction (wrap it in one with the caller's own writes, e.g.
	 * the usage record). Emits nothing when the tenant does not exist.
	 * @param amount signed, at most six decimals (round before calling: how to round a
	 * charge is the caller's rule); TOP_UP positive, USAGE zero or negative, ADJUSTMENT
	 * non-zero
	 * @param reference what the entry is for: order id, gateway request id or operator's
	 * reason
	 * @throws IllegalArgumentException (as the error signal) for more than six decimals
	 */
	public Mono<LedgerEntry> append(UUID tenantId, LedgerKind kind, BigDecimal amount, String reference) {
		Objects.requireNonNull(tenantId, "tenantId");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(amount, "amount");
		Objects.requireNonNull(reference, "reference");
		if (amount.stripTrailingZeros().scale() > Money.SCALE) {
			return Mono.error(new IllegalArgumentException("A ledger amount has at most six decimals: " + amount));
		}
		// The update takes the tenant's row lock; the entry's seq is drawn after it,
		// inside the same statement.
		// The id comes from the database: SecureRandom may read /dev/urandom, which must
		// not happen on an event loop.
		return db
			.sql("with moved as (update tenants set balance = balance + :amount where id = :tenantId "
					+ "returning balance) "
					+ "insert into ledger_entries (id, tenant_id, kind, amount, balance_after, reference) "
					+ "select gen_random_uuid(), :tenantId, :kind, :amount, balance, :reference from moved "
					+ "returning " + COLUMNS)
			.bind("tenantId", tenantId)
			.bind("kind", kind.name())
			.bind("amount", amount.setScale(Money.SCALE))
			.bind("reference", reference)
			.map(Ledger::toEntry)
			.one()
			.flatMap(entry -> entry.crossedZero() ? forgetCreditAfterCommit(tenantId).thenReturn(entry)
					: Mono.just(entry));
	}

	/**
	 * Charges many usage reports in the caller's transaction: the tenants' rows are
	 * locked in id order (so concurrent windows queue instead of deadlocking), each
	 * balance moves once by its tenant's sum, and one {@code USAGE} entry per charge is
	 * appended in the given order, its {@code balanceAfter} the running sum from the
	 * balance before. Tenants whose balance crossed zero are forgotten by this replica's
	 * credit cache after the commit (and announced to the others by the ledger's
	 * trigger).
	 */
	public Mono<Void> chargeUsage(List<UsageCharge> charges) {
		if (charges.isEmpty()) {
			return Mono.empty();
		}
		Map<UUID, BigDecimal> totals = new LinkedHashMap<>();
		charges.forEach(charge -> totals.merge(charge.tenantId(), charge.amount(), BigDecimal::add));
		UUID[] tenantIds = totals.keySet().toArray(UUID[]::new);
		return db.sql(LOCK_BALANCES)
			.bind("tenantIds", tenantIds)
			.map(row -> Map.entry(row.get("id", UUID.class), row.get("balance", BigDecimal.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue)
			.flatMap(before -> {
				Map<UUID, BigDecimal> running = new HashMap<>(before);
				Set<UUID> crossed = new HashSet<>();
				BigDecimal[] balancesAfter = new BigDecimal[charges.size()];
				for (int i = 0; i < charges.size(); i++) {
					UsageCharge charge = charges.get(i);
					BigDecimal previous = running.get(charge.tenantId());
					BigDecimal after = previous.add(charge.amount()).setScale(Money.SCALE);
					if ((previous.signum() > 0) != (after.signum() > 0)) {
						crossed.add(charge.tenantId());
					}
					running.put(charge.tenantId(), after);
					balancesAfter[i] = after;
				}
				Mono<Void> move = db.sql(MOVE_BALANCES)
					.bind("tenantIds", tenantIds)
					.bind("amounts", totals.values().toArray(BigDecimal[]::new))
					.then();
				Mono<Void> append = db.sql(APPEND_USAGE_ENTRIES)
					.bind("ids", charges.stream().map(charge -> Secrets.newId()).toArray(UUID[]::new))
					.bind("tenantIds", charges.stream().map(UsageCharge::tenantId).toArray(UUID[]::new))
					.bind("amounts",
							charges.stream()
								.map(charge -> charge.amount().setScale(Money.SCALE))
								.toArray(BigDecimal[]::new))
					.bind("balancesAfter", balancesAfter)
					.bind("references", charges.stream().map(UsageCharge::reference).toArray(String[]::new))
					.then();
				return move.then(append)
					.then(Flux.fromIterable(crossed).concatMap(this::forgetCreditAfterCommit).then());
			});
	}

	/**
	 * This replica's credit cache forgets the tenant once the appending transaction has
	 * committed.
	 */
	private Mono<Void> forgetCreditAfterCommit(UUID tenantId) {
		return TransactionSynchronizationManager.forCurrentTransaction().flatMap(synchronizations -> {
			if (!synchronizations.isSynchronizationActive()) {
				credit.forget(tenantId);
				return Mono.<Void>empty();
			}
			synchronizations.registerSynchronization(new TransactionSynchronization() {
				@Override
				public Mono<Void> afterCommit() {
					return Mono.fromRunnable(() -> credit.forget(tenantId));
				}
			});
			return Mono.<Void>empty();
		})
			.onErrorResume(NoTransactionException.class,
					outsideTransaction -> Mono.fromRunnable(() -> credit.forget(tenantId)));
	}

	/** The tenant's balance, or {@code NOT_FOUND}. */
	public Mono<BigDecimal> balance(UUID tenantId) {
		return tenants.find(tenantId).map(Tenant::balance);
	}

	/**
	 * One page of the tenant's ledger, newest first; an unknown {@code before} is
	 * {@code VALIDATION_FAILED}.
	 */
	Flux<LedgerEntry> entries(UUID tenantId, LedgerQuery query) {
		if (query.before() == null) {
			return db
				.sql("select " + COLUMNS + " from ledger_entries where tenant_id = :tenantId "
						+ "order by seq desc limit :limit")
				.bind("tenantId", tenantId)
				.bind("limit", query.limit())
				.map(Ledger::toEntry)
				.all();
		}
		return db.sql("select seq from ledger_entries where id = :id and tenant_id = :tenantId")
			.bind("id", query.before())
			.bind("tenantId", tenantId)
			.map(row -> row.get("seq", Long.class))
			.one()
			.switchIfEmpty(Mono.error(LedgerQuery::unknownCursor))
			.flatMapMany(seq -> db
				.sql("select " + COLUMNS + " from ledger_entries "
						+ "where tenant_id = :tenantId and seq < :seq order by seq desc limit :limit")
				.bind("tenantId", tenantId)
				.bind("seq", seq)
				.bind("limit", query.limit())
				.map(Ledger::toEntry)
				.all());
	}

	/**
	 * The operator's correction: an {@code ADJUSTMENT} entry of either sign whose
	 * reference is the reason. It may take the balance below zero (it is the operator's
	 * tool, e.g. to claw back credit).
	 */
	Mono<LedgerEntry> adjust(UUID tenantId, AdjustmentRequest request) {
		return Mono.defer(() -> {
			List<ApiException.FieldError> errors = new ArrayList<>(validator.violations(request));
			errors.addAll(CreditAmount.ADJUSTMENT.violations("amount", request.amount()));
			if (!errors.isEmpty()) {
				errors.sort((a, b) -> a.field().compareTo(b.field()));
				return Mono.error(ApiException.validation(errors));
			}
			return append(tenantId, LedgerKind.ADJUSTMENT, CreditAmount.ADJUSTMENT.parse(request.amount()),
					request.reason().trim())
				.switchIfEmpty(Mono.error(ApiException::notFound))
				.as(transaction::transactional);
		});
	}

	private static LedgerEntry toEntry(Readable row) {
		return new LedgerEntry(row.get("id", UUID.class), row.get("seq", Long.class), row.get("tenant_id", UUID.class),
				LedgerKind.valueOf(row.get("kind", String.class)), row.get("amount", BigDecimal.class),
				row.get("balance_after", BigDecimal.class), row.get("reference", String.class),
				row.get("created_at", Instant.class));
	}

}
