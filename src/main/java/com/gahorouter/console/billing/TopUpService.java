package com.gahorouter.console.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;

import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.ErrorCode;
import com.gahorouter.console.system.RequestValidator;

import io.r2dbc.spi.Readable;
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

	private static final String COLUMNS = "id, tenant_id, amount, provider, status, provider_reference, payment_url, created_at, paid_at";

	private final DatabaseClient db;

	private final Ledger ledger;

	private final PaymentProviders providers;

	private final WebhookSignature signature;

	private final RequestValidator validator;

	private final JsonMapper json;

	private final TransactionalOperator transaction;

	public TopUpService(DatabaseClient db, Ledger ledger, PaymentProviders providers, WebhookSignature signature,
			RequestValidator validator, JsonMapper json, TransactionalOperator transaction) {
		this.db = db;
		this.ledger = ledger;
		this.providers = providers;
		this.signature = signature;
		this.validator = validator;
		this.json = json;
		this.transaction = transaction;
	}

	/**
	 * Places a top-up with the configured provider; the sandbox pays (and credits) it at
	 * once.
	 */
	public Mono<TopUpOrder> topUp(UUID tenantId, TopUpRequest request) {
		return topUp(tenantId, request, providers.configured());
	}

	/**
	 * Places a top-up with a given provider: tests use it for webhook-confirmed orders
	 * beside the sandbox default.
	 */
	Mono<TopUpOrder> topUp(UUID tenantId, TopUpRequest request, PaymentProvider provider) {
		return Mono.defer(() -> {
			List<ApiException.FieldError> errors = CreditAmount.TOP_UP.violations("amount", request.amount());
			if (!errors.isEmpty()) {
				return Mono.error(ApiException.validation(errors));
			}
			BigDecimal amount = CreditAmount.TOP_UP.parse(request.amount());
			return insertPending(tenantId, amount, provider.name())
				.flatMap(order -> provider.create(order)
					.flatMap(created -> recordProviderOrder(order.id(), created).flatMap(recorded -> created.paid()
							? settle(order.id(), provider.name(), TopUpStatus.PAID) : Mono.just(recorded))))
				.as(transaction::transactional);
		});
	}

	/**
	 * A provider's webhook: checks the signature over the raw body, then settles the
	 * order it names. Unknown provider, or webhooks off (no secret) → {@code NOT_FOUND};
	 * bad or missing signature → {@code INVALID_SIGNATURE}, before anything is read or
	 * written; unknown order (or one of another provider) → {@code NOT_FOUND}. Answers
	 * the order as it is after the event, also for a replay.
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
			return settle(event.orderId(), provider.name(), TopUpStatus.valueOf(event.status()))
				.as(transaction::transactional);
		});
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

	private Mono<TopUpOrder> insertPending(UUID tenantId, BigDecimal amount, String provider) {
		// The id comes from the database: SecureRandom may read /dev/urandom, which must
		// not happen on an event loop.
		return db
			.sql("insert into top_up_orders (id, tenant_id, amount, provider) "
					+ "values (gen_random_uuid(), :tenantId, :amount, :provider) returning " + COLUMNS)
			.bind("tenantId", tenantId)
			.bind("amount", amount)
			.bind("provider", provider)
			.map(TopUpService::toOrder)
			.one();
	}

	private Mono<TopUpOrder> recordProviderOrder(UUID orderId, ProviderOrder created) {
		var spec = db
			.sql("update top_up_orders set provider_reference = :reference, payment_url = :paymentUrl "
					+ "where id = :id returning " + COLUMNS)
			.bind("id", orderId)
			.bind("reference", created.reference());
		spec = created.paymentUrl() == null ? spec.bindNull("paymentUrl", String.class)
				: spec.bind("paymentUrl", created.paymentUrl());
		return spec.map(TopUpService::toOrder).one();
	}

	/**
	 * Moves a {@code PENDING} order of this provider to {@code outcome} and credits a
	 * paid one; joins the caller's transaction. The status guard makes it happen once: a
	 * concurrent settle waits for the row lock and then finds the order no longer
	 * pending, changes nothing and answers the order as it is.
	 */
	private Mono<TopUpOrder> settle(UUID orderId, String provider, TopUpStatus outcome) {
		return db
			.sql("update top_up_orders set status = :status, " + "paid_at = case when :status = 'PAID' then now() end "
					+ "where id = :id and provider = :provider and status = 'PENDING' returning " + COLUMNS)
			.bind("id", orderId)
			.bind("provider", provider)
			.bind("status", outcome.name())
			.map(TopUpService::toOrder)
			.one()
			.flatMap(settled -> settled.status() == TopUpStatus.PAID
					? ledger.append(settled.tenantId(), LedgerKind.TOP_UP, settled.amount(), settled.id().toString())
						.thenReturn(settled)
					: Mono.just(settled))
			.switchIfEmpty(Mono.defer(() -> find(orderId, provider)));
	}

	private Mono<TopUpOrder> find(UUID orderId, String provider) {
		return db.sql("select " + COLUMNS + " from top_up_orders where id = :id and provider = :provider")
			.bind("id", orderId)
			.bind("provider", provider)
			.map(TopUpService::toOrder)
			.one()
			.switchIfEmpty(Mono.error(ApiException::notFound));
	}

	private static TopUpOrder toOrder(Readable row) {
		return new TopUpOrder(row.get("id", UUID.class), row.get("tenant_id", UUID.class),
				row.get("amount", BigDecimal.class), row.get("provider", String.class),
				TopUpStatus.valueOf(row.get("status", String.class)), row.get("provider_reference", String.class),
				row.get("payment_url", String.class), row.get("created_at", Instant.class),
				row.get("paid_at", Instant.class));
	}

}
