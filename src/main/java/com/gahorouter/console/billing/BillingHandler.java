package com.gahorouter.console.billing;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/** HTTP side of {@code /api/billing/*} and the operator's balance adjustments. */
@Component
class BillingHandler {

	private static final byte[] NO_BODY = new byte[0];

	private final Ledger ledger;

	private final TopUpService topUps;

	BillingHandler(Ledger ledger, TopUpService topUps) {
		this.ledger = ledger;
		this.topUps = topUps;
	}

	Mono<ServerResponse> balance(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(user -> ledger.balance(user.requireTenant()))
			.flatMap(balance -> ServerResponse.ok().bodyValue(BalanceView.of(balance)));
	}

	Mono<ServerResponse> ledger(ServerRequest request) {
		return ConsoleUser.of(request).flatMap(user -> {
			LedgerQuery query = LedgerQuery.of(request.queryParam("limit"), request.queryParam("before"));
			return ledger.entries(user.requireTenant(), query).map(LedgerEntryView::of).collectList();
		}).flatMap(entries -> ServerResponse.ok().bodyValue(entries));
	}

	Mono<ServerResponse> topUp(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(request.bodyToMono(TopUpRequest.class).switchIfEmpty(Mono.error(RequestValidator::missingBody)))
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
		return request.bodyToMono(AdjustmentRequest.class)
			.switchIfEmpty(Mono.error(RequestValidator::missingBody))
			.flatMap(body -> ledger.adjust(PathIds.uuid(request, "tenantId"), body))
			.flatMap(entry -> ServerResponse.status(HttpStatus.CREATED).bodyValue(LedgerEntryView.of(entry)));
	}

}
