package com.gahorouter.console.member;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/** HTTP side of {@code /api/members}. */
@Component
class MemberHandler {

	private final MemberService members;

	MemberHandler(MemberService members) {
		this.members = members;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> members.list(admin).collectList())
			.flatMap(list -> ServerResponse.ok().bodyValue(list));
	}

	Mono<ServerResponse> add(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(
					request.bodyToMono(NewMemberRequest.class).switchIfEmpty(Mono.error(RequestValidator::missingBody)))
			.flatMap(adminAndBody -> members.add(adminAndBody.getT1(), adminAndBody.getT2()))
			.flatMap(member -> ServerResponse.status(HttpStatus.CREATED).bodyValue(member));
	}

	Mono<ServerResponse> remove(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> members.remove(admin, PathIds.uuid(request, "id")))
			.then(ServerResponse.noContent().build());
	}

}
