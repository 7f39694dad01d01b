package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.Money;
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
