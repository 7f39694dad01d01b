package com.gahorouter.console.billing;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.QueryParameters;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/** HTTP side of {@code /api/billing/*} and the operator's balance adjustments. */
@Component
class BillingHandler {

	private static final byte[] NO_BODY = new byte[0];

	private final Ledger ledger;

	private final TopUpService topUps;

	private final RequestValidator validator;

	BillingHandler(Ledger ledger, TopUpService topUps, RequestValidator validator) {
		this.ledger = ledger;
		this.topUps = topUps;
		this.validator = validator;
	}

	Mono<ServerResponse> balance(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> ledger.balance(user.requireTenant()))
			.flatMap(balance -> ServerResponse.ok().bodyValue(BalanceView.of(balance)));
	}

	Mono<ServerResponse> ledger(ServerRequest request) {
		return ConsoleUser.of(request).flatMap(user -> {
			LedgerQuery query = new LedgerQuery(
					QueryParameters.wholeNumber(request, "limit", LedgerQuery.DEFAULT_LIMIT, 1, LedgerQuery.MAX_LIMIT),
					QueryParameters.uuid(request, "before", LedgerQuery.UNKNOWN_CURSOR).orElse(null));
			return ledger.entries(user.requireTenant(), query).map(LedgerEntryView::of).collectList();
		}).flatMap(entries -> ServerResponse.ok().bodyValue(entries));
	}

	Mono<ServerResponse> topUp(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(validator.validate(request.bodyToMono(TopUpRequest.class),
					body -> Mono.just(CreditAmount.TOP_UP.violations("amount", body.amount()))))
			.flatMap(userAndBody -> topUps.topUp(userAndBody.getT1().requireTenant(), userAndBody.getT2()))
			.flatMap(order -> ServerResponse.status(HttpStatus.CREATED).bodyValue(TopUpView.of(order)));
	}

	Mono<ServerResponse> webhook(ServerRequest request) {
		String provider = request.pathVariable("provider");
		String signature = request.headers().firstHeader(WebhookSignature.HEADER);
		// The raw bytes, exactly as signed: parsing first would verify a re-serialisation
		// instead.
		return request.bodyToMono(byte[].class)
			.defaultIfEmpty(NO_BODY)
			.flatMap(body -> topUps.receiveWebhook(provider, signature, body))
			.flatMap(order -> ServerResponse.ok().bodyValue(TopUpView.of(order)));
	}

	Mono<ServerResponse> adjust(ServerRequest request) {
		return validator
			.validate(request.bodyToMono(AdjustmentRequest.class),
					body -> Mono.just(CreditAmount.ADJUSTMENT.violations("amount", body.amount())))
			.flatMap(body -> ledger.adjust(PathIds.uuid(request, "tenantId"), body))
			.flatMap(entry -> ServerResponse.status(HttpStatus.CREATED).bodyValue(LedgerEntryView.of(entry)));
	}

}
