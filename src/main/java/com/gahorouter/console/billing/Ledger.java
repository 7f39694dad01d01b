package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronization;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.alert.Alerts;
import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.Money;
import com.gahorouter.console.tenant.Tenant;
import com.gahorouter.console.tenant.TenantService;

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

	private final LedgerRepository entries;

	private final TenantService tenants;

	private final TransactionalOperator transaction;

	private final AuditLog audit;

	private final Alerts alerts;

	private final CreditStatus credit;

	Ledger(LedgerRepository entries, TenantService tenants, TransactionalOperator transaction, CreditStatus credit,
			AuditLog audit, Alerts alerts) {
		this.audit = audit;
		this.alerts = alerts;
		this.entries = entries;
		this.tenants = tenants;
		this.transaction = transaction;
		this.credit = credit;
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
		return entries.append(tenantId, kind, amount.setScale(Money.SCALE), reference)
			.flatMap(entry -> alerts.balanceMoved(tenantId, entry.balanceAfter()).thenReturn(entry))
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
		return entries.lockBalances(totals.keySet()).flatMap(before -> {
			Map<UUID, BigDecimal> running = new HashMap<>(before);
			Set<UUID> crossed = new HashSet<>();
			List<BigDecimal> balancesAfter = new ArrayList<>(charges.size());
			for (UsageCharge charge : charges) {
				BigDecimal previous = running.get(charge.tenantId());
				BigDecimal after = previous.add(charge.amount()).setScale(Money.SCALE);
				if ((previous.signum() > 0) != (after.signum() > 0)) {
					crossed.add(charge.tenantId());
				}
				running.put(charge.tenantId(), after);
				balancesAfter.add(after);
			}
			return entries.moveBalances(totals)
				.then(entries.appendUsage(charges, balancesAfter))
				.then(alerts.balancesMoved(running))
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
			return entries.findNewest(tenantId, query.limit());
		}
		return entries.findSequence(tenantId, query.before())
			.switchIfEmpty(Mono.error(LedgerQuery::unknownCursor))
			.flatMapMany(seq -> entries.findBefore(tenantId, seq, query.limit()));
	}

	/**
	 * The operator's correction: an {@code ADJUSTMENT} entry of either sign whose
	 * reference is the reason. It may take the balance below zero (it is the operator's
	 * tool, e.g. to claw back credit). The handler has validated the request, its amount
	 * by {@link CreditAmount#ADJUSTMENT} too; an unknown tenant is {@code NOT_FOUND}.
	 */
	Mono<LedgerEntry> adjust(UUID tenantId, AdjustmentRequest request) {
		return Mono
			.defer(() -> append(tenantId, LedgerKind.ADJUSTMENT, CreditAmount.ADJUSTMENT.parse(request.amount()),
					request.reason().trim()))
			.switchIfEmpty(Mono.error(ApiException::notFound))
			.flatMap(entry -> audit
				.record(tenantId, AuditAction.BALANCE_ADJUSTED, "TENANT", tenantId,
						"Balance adjusted by " + Money.format(entry.amount()) + ": " + request.reason().trim())
				.thenReturn(entry))
			.as(transaction::transactional);
	}

}
