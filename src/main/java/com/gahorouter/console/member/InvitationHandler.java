package com.gahorouter.console.member;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.apikey.ListPage;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.ClientAddress;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/**
 * HTTP side of {@code /api/invitations}: admin management and the public preview and
 * accept.
 */
@Component
class InvitationHandler {

	private final InvitationService invitations;

	private final RequestValidator validator;

	InvitationHandler(InvitationService invitations, RequestValidator validator) {
		this.invitations = invitations;
		this.validator = validator;
	}

	Mono<ServerResponse> create(ServerRequest request) {
		// Every field is optional, so an absent body means "all defaults".
		Mono<InvitationRequest> body = request.bodyToMono(InvitationRequest.class)
			.defaultIfEmpty(new InvitationRequest(null, null, null));
		return ConsoleUser.of(request)
			.zipWith(validator.validate(body))
			.flatMap(adminAndBody -> invitations.create(adminAndBody.getT1(), adminAndBody.getT2()))
			.flatMap(created -> ServerResponse.status(HttpStatus.CREATED).bodyValue(created));
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> invitations.list(admin, ListPage.limit(request), ListPage.before(request)).collectList())
			.flatMap(list -> ServerResponse.ok().bodyValue(list));
	}

	Mono<ServerResponse> revoke(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> invitations.revoke(admin, PathIds.uuid(request, "id")))
			.then(ServerResponse.noContent().build());
	}

	Mono<ServerResponse> preview(ServerRequest request) {
		return invitations.preview(request.pathVariable("token"))
			.flatMap(preview -> ServerResponse.ok().bodyValue(preview));
	}

	Mono<ServerResponse> accept(ServerRequest request) {
		// The link is checked before the password's policy runs (InvitationService).
		return validator.validate(request.bodyToMono(InvitationAcceptance.class))
			.flatMap(body -> invitations.accept(request.pathVariable("token"), body, ClientAddress.of(request)))
			.flatMap(signIn -> ServerResponse.status(HttpStatus.CREATED).bodyValue(signIn));
	}

}
