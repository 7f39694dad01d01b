package com.gahorouter.console.alert;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditActor;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.auth.Account;
import com.gahorouter.console.auth.AccountService;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.Money;
import com.gahorouter.console.system.Secrets;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A tenant's alerts: its settings (a low-balance threshold, key-budget percentages, a
 * signed webhook) and the crossings. A crossing is written to the outbox
 * ({@code alert_deliveries}) in the transaction that moved the balance or the spend, once
 * per channel (a mail to every tenant admin, the webhook if set), and delivered by
 * {@link AlertDeliveries}. The low-balance alert fires when the balance goes from above
 * the threshold to at or below it, and is re-armed when it goes back above; a key-budget
 * alert fires when a key's spend in its current period goes from below a percentage of
 * its limit to at or above it ({@link #keySpendsMoved}), re-armed by the next period.
 */
@Service
public class Alerts {

	private static final int MAX_SCALE = 6;

	private static final BigDecimal MAX_THRESHOLD = new BigDecimal("1000000000");

	private final AlertRepository alerts;

	private final AccountService accounts;

	private final AuditLog audit;

	private final TransactionalOperator transaction;

	private final AlertProperties properties;

	Alerts(AlertRepository alerts, AccountService accounts, AuditLog audit, TransactionalOperator transaction,
			AlertProperties properties) {
		this.alerts = alerts;
		this.accounts = accounts;
		this.audit = audit;
		this.transaction = transaction;
		this.properties = properties;
	}

	/** The tenant's settings (all null when never set); never the webhook secret. */
	public Mono<AlertSettings> settings(UUID tenantId) {
		return alerts.find(tenantId)
			.defaultIfEmpty(AlertRepository.StoredSettings.NONE)
			.map(stored -> view(stored, null));
	}

	/**
	 * The request's violations beyond its annotations: the threshold's format, the
	 * webhook URL's scheme.
	 */
	public List<ApiException.FieldError> violations(AlertSettingsRequest request) {
		List<ApiException.FieldError> errors = new ArrayList<>();
		if (request.lowBalanceThreshold() != null && parseThreshold(request.lowBalanceThreshold()) == null) {
			errors.add(new ApiException.FieldError("lowBalanceThreshold",
					"must be a decimal string from 0 to 1000000000 with at most 6 decimals"));
		}
		if (request.webhookUrl() != null && !acceptable(request.webhookUrl())) {
			errors.add(new ApiException.FieldError("webhookUrl", "must be an https:// URL"));
		}
		return errors;
	}

	/**
	 * Replaces the tenant's settings (the request is validated) and writes
	 * {@code ALERTS_UPDATED}; a new or changed webhook URL gets a new secret, shown in
	 * this answer only.
	 */
	public Mono<AlertSettings> update(AuditActor actor, UUID tenantId, AlertSettingsRequest request) {
		BigDecimal threshold = request.lowBalanceThreshold() == null ? null
				: parseThreshold(request.lowBalanceThreshold());
		List<Integer> percents = request.keyBudgetThresholds() == null ? List.of()
				: List.copyOf(new TreeSet<>(request.keyBudgetThresholds()));
		String url = request.webhookUrl() == null ? null : request.webhookUrl().trim();
		return alerts.find(tenantId).defaultIfEmpty(AlertRepository.StoredSettings.NONE).flatMap(current -> {
			boolean newWebhook = url != null && !url.equals(current.webhookUrl());
			String secret = url == null ? null
					: newWebhook ? "whsec_" + Secrets.randomBase62(32) : current.webhookSecret();
			AlertRepository.StoredSettings next = new AlertRepository.StoredSettings(threshold, percents, url, secret);
			return alerts.save(tenantId, next)
				.then(audit.record(actor, tenantId, AuditAction.ALERTS_UPDATED, "TENANT", tenantId,
						"Alerts set: low balance " + (threshold == null ? "none" : threshold.toPlainString())
								+ ", key budgets " + percents + ", webhook " + (url == null ? "none" : url)))
				.thenReturn(view(next, newWebhook ? secret : null));
		}).as(transaction::transactional);
	}

	/**
	 * The tenant's balance moved to {@code balanceAfter} (a ledger entry); joins the
	 * caller's transaction, which holds the tenant's row.
	 */
	public Mono<Void> balanceMoved(UUID tenantId, BigDecimal balanceAfter) {
		return balancesMoved(Map.of(tenantId, balanceAfter));
	}

	/**
	 * Many tenants' balances moved (a usage window); one statement whatever their number,
	 * and outbox rows only for those that crossed. Joins the caller's transaction.
	 */
	public Mono<Void> balancesMoved(Map<UUID, BigDecimal> balancesAfter) {
		if (balancesAfter.isEmpty()) {
			return Mono.empty();
		}
		return alerts.balancesMoved(balancesAfter)
			.map(crossing -> new Crossed(crossing.tenantId(), AlertType.LOW_BALANCE, null, crossing.threshold(),
					crossing.balance(), crossing.webhookUrl()))
			.collectList()
			.flatMap(this::enqueue);
	}

	/**
	 * A key's spend in its period moved from {@code spentBefore} to {@code spentAfter}
	 * against its {@code spendLimit}; see {@link #keySpendsMoved}.
	 */
	public Mono<Void> keySpendCrossed(UUID tenantId, UUID keyId, BigDecimal spendLimit, BigDecimal spentBefore,
			BigDecimal spentAfter) {
		Objects.requireNonNull(keyId, "keyId");
		return keySpendsMoved(List.of(new KeySpendMove(tenantId, keyId, spendLimit, spentBefore, spentAfter)));
	}

	/**
	 * Keys' spend in their current period moved (a usage window): every key-budget
	 * percentage a key's spend crossed upwards is one crossing (a new period starts from
	 * zero, which re-arms them). One statement finds the crossings of all the moves (none
	 * for tenants without alert settings); only when there are any, one more reads the
	 * tenants' admins and one writes the outbox rows. Joins the caller's transaction,
	 * which must order concurrent moves of one key (the usage window holds the key's and
	 * the tenant's rows), so that each crossing is seen by one transaction only.
	 */
	public Mono<Void> keySpendsMoved(List<KeySpendMove> moves) {
		List<KeySpendMove> upwards = moves.stream()
			.filter(move -> move.spendLimit() != null && move.spendLimit().signum() > 0
					&& move.spentAfter().compareTo(move.spentBefore()) > 0)
			.toList();
		if (upwards.isEmpty()) {
			return Mono.empty();
		}
		return alerts.keyBudgetCrossings(upwards)
			.map(crossing -> new Crossed(crossing.tenantId(), AlertType.KEY_BUDGET, crossing.keyId(),
					BigDecimal.valueOf(crossing.percent()), crossing.spent(), crossing.webhookUrl()))
			.collectList()
			.flatMap(this::enqueue);
	}

	/** A page of the tenant's deliveries, newest first. */
	public Flux<AlertDeliveryView> deliveries(UUID tenantId, int limit, UUID before) {
		return alerts.findDeliveries(tenantId, limit, before).map(AlertDelivery::view);
	}

	/**
	 * Writes each crossing to the outbox once per channel: a mail to every admin of its
	 * tenant, then the webhook if set; two statements whatever the number of crossings.
	 */
	private Mono<Void> enqueue(List<Crossed> crossings) {
		if (crossings.isEmpty()) {
			return Mono.empty();
		}
		Set<UUID> tenants = crossings.stream().map(Crossed::tenantId).collect(Collectors.toSet());
		return accounts.findAdmins(tenants).collectMultimap(Account::tenantId, Account::email).flatMap(admins -> {
			List<AlertRepository.NewDelivery> rows = new ArrayList<>();
			for (Crossed crossing : crossings) {
				for (String email : admins.getOrDefault(crossing.tenantId(), List.of())) {
					rows.add(crossing.delivery(AlertChannel.EMAIL, email));
				}
				if (crossing.webhookUrl() != null) {
					rows.add(crossing.delivery(AlertChannel.WEBHOOK, crossing.webhookUrl()));
				}
			}
			return alerts.insertDeliveries(rows);
		});
	}

	private boolean acceptable(String url) {
		try {
			URI uri = new URI(url.trim());
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if (uri.getHost() == null || uri.getUserInfo() != null) {
				return false;
			}
			if (scheme.equals("https")) {
				return true;
			}
			return properties.allowInsecureWebhooks() && scheme.equals("http")
					&& (uri.getHost().equals("127.0.0.1") || uri.getHost().equalsIgnoreCase("localhost"));
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

	private static BigDecimal parseThreshold(String raw) {
		try {
			BigDecimal value = new BigDecimal(raw.trim());
			if (value.signum() < 0 || value.compareTo(MAX_THRESHOLD) > 0
					|| value.stripTrailingZeros().scale() > MAX_SCALE) {
				return null;
			}
			return value;
		}
		catch (NumberFormatException e) {
			return null;
		}
	}

	private static AlertSettings view(AlertRepository.StoredSettings stored, String shownSecret) {
		return new AlertSettings(
				stored.lowBalanceThreshold() == null ? null : Money.format(stored.lowBalanceThreshold()),
				stored.keyBudgetThresholds(), stored.webhookUrl(), shownSecret);
	}

	/** A crossing to deliver. */
	private record Crossed(UUID tenantId, AlertType type, UUID keyId, BigDecimal threshold, BigDecimal value,
			String webhookUrl) {

		AlertRepository.NewDelivery delivery(AlertChannel channel, String recipient) {
			return new AlertRepository.NewDelivery(Secrets.newId(), tenantId, type, keyId, threshold, value, channel,
					recipient);
		}

	}

}
