package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Top-ups: an order is placed {@code PENDING} with a payment provider and settled once,
 * to {@code PAID} (the balance is credited with a {@code TOP_UP} entry in the same
 * transaction) or {@code FAILED}. Settling is guarded by the order's status, so a webhook
 * replayed any number of times, concurrently too, credits once.
 */
@Service
public class TopUpService {

	private static final Logger log = LoggerFactory.getLogger(TopUpService.class);

	/** How far a webhook's signed timestamp may be from now (either way). */
	static final Duration WEBHOOK_TOLERANCE = Duration.ofMinutes(5);

	private final TopUpRepository orders;

	private final Ledger ledger;

	private final PaymentProviders providers;

	private final WebhookSignature signature;

	private final RequestValidator validator;

	private final JsonMapper json;

	private final TransactionalOperator transaction;

	private final AuditLog audit;

	TopUpService(TopUpRepository orders, Ledger ledger, PaymentProviders providers, WebhookSignature signature,
			RequestValidator validator, JsonMapper json, TransactionalOperator transaction, AuditLog audit) {
		this.audit = audit;
		this.orders = orders;
		this.ledger = ledger;
		this.providers = providers;
		this.signature = signature;
		this.validator = validator;
		this.json = json;
		this.transaction = transaction;
	}

	/**
	 * Places a top-up with the configured provider; the sandbox pays (and credits) it at
	 * once. The handler has validated the request, its amount by
	 * {@link CreditAmount#TOP_UP}.
	 */
	public Mono<TopUpOrder> topUp(UUID tenantId, TopUpRequest request) {
		return topUp(tenantId, request, providers.configured());
	}

	/**
	 * Places a top-up with a given provider: tests use it for webhook-confirmed orders
	 * beside the sandbox default.
	 */
	Mono<TopUpOrder> topUp(UUID tenantId, TopUpRequest request, PaymentProvider provider) {
		return Mono
			.defer(() -> orders.insertPending(tenantId, CreditAmount.TOP_UP.parse(request.amount()), provider.name()))
			.flatMap(order -> audit
				.record(tenantId, AuditAction.TOP_UP_CREATED, "TOP_UP", order.id(),
						"Top-up of " + order.amount() + " placed with " + provider.name())
				.then(provider.create(order))
				.flatMap(created -> orders.recordProviderOrder(order.id(), created)
					.flatMap(recorded -> created.paid() ? settle(order.id(), provider.name(), TopUpStatus.PAID)
							: Mono.just(recorded))))
			.as(transaction::transactional);
	}

	/**
	 * A provider's webhook: checks the signature over the raw body, then settles the
	 * order it names. Unknown provider, or webhooks off (no secret) → {@code NOT_FOUND};
	 * bad or missing signature → {@code INVALID_SIGNATURE}, before anything is read or
	 * written; unknown order (or one of another provider) → {@code NOT_FOUND}. Answers
	 * the order as it is after the event, also for a replay. The signed body must carry
	 * the order's amount and a timestamp within {@link #WEBHOOK_TOLERANCE} of now
	 * ({@code VALIDATION_FAILED}, nothing credited, otherwise).
	 */
	public Mono<TopUpOrder> receiveWebhook(String providerName, String presentedSignature, byte[] body) {
		return Mono.defer(() -> {
			PaymentProvider provider = providers.receivingWebhooks(providerName).orElseThrow(ApiException::notFound);
			if (!signature.matches(body, presentedSignature)) {
				return Mono.error(new ApiException(ErrorCode.INVALID_SIGNATURE,
						"The X-Signature header is missing or does not match the body."));
			}
			WebhookEvent event = parse(body);
			log.info("Payment webhook from {}: order {} {}, event {}", provider.name(), event.orderId(), event.status(),
					event.eventId());
			BigDecimal amount = requireFresh(event);
			return orders.find(event.orderId(), provider.name())
				.switchIfEmpty(Mono.error(ApiException::notFound))
				.flatMap(order -> order.amount().compareTo(amount) != 0
						? Mono.<TopUpOrder>error(ApiException.validation("amount", "must be the order's amount"))
						: settle(order.id(), provider.name(), TopUpStatus.valueOf(event.status())))
				.as(transaction::transactional);
		});
	}

	/**
	 * The event's amount, once its timestamp is within {@link #WEBHOOK_TOLERANCE} of now
	 * and its amount a decimal ({@code VALIDATION_FAILED} naming the field otherwise).
	 */
	private static BigDecimal requireFresh(WebhookEvent event) {
		Duration away = Duration.between(event.timestamp(), Instant.now()).abs();
		if (away.compareTo(WEBHOOK_TOLERANCE) > 0) {
			throw ApiException.validation("timestamp",
					"must be within " + WEBHOOK_TOLERANCE.toMinutes() + " minutes of the server's time");
		}
		try {
			return new BigDecimal(event.amount().trim());
		}
		catch (NumberFormatException e) {
			throw ApiException.validation("amount", "must be a decimal string such as 100.00");
		}
	}

	private WebhookEvent parse(byte[] body) {
		WebhookEvent event;
		try {
			event = json.readValue(body, WebhookEvent.class);
		}
		catch (JacksonException e) {
			throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The webhook body is not the documented JSON.");
		}
		if (event == null) {
			throw new ApiException(ErrorCode.MALFORMED_REQUEST, "The webhook body is not the documented JSON.");
		}
		List<ApiException.FieldError> errors = validator.violations(event);
		if (!errors.isEmpty()) {
			throw ApiException.validation(errors);
		}
		return event;
	}

	/**
	 * Moves a {@code PENDING} order of this provider to {@code outcome} and credits a
	 * paid one; joins the caller's transaction. The status guard makes it happen once: a
	 * concurrent settle waits for the row lock and then finds the order no longer
	 * pending, changes nothing and answers the order as it is.
	 */
	private Mono<TopUpOrder> settle(UUID orderId, String provider, TopUpStatus outcome) {
		return orders.settlePending(orderId, provider, outcome)
			.flatMap(settled -> settled.status() == TopUpStatus.PAID
					? ledger.append(settled.tenantId(), LedgerKind.TOP_UP, settled.amount(), settled.id().toString())
						.then(audit.record(settled.tenantId(), AuditAction.TOP_UP_PAID, "TOP_UP", settled.id(),
								"Top-up of " + settled.amount() + " paid"))
						.thenReturn(settled)
					: Mono.just(settled))
			.switchIfEmpty(Mono.defer(() -> orders.find(orderId, provider)))
			.switchIfEmpty(Mono.error(ApiException::notFound));
	}

}
