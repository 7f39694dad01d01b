package com.gahorouter.console.member;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.apikey.ListPage;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.auth.PasswordPolicy;
import com.gahorouter.console.system.PathIds;
import com.gahorouter.console.system.RequestValidator;

import reactor.core.publisher.Mono;

/** HTTP side of {@code /api/members}. */
@Component
class MemberHandler {

	private final MemberService members;

	private final RequestValidator validator;

	private final PasswordPolicy passwordPolicy;

	MemberHandler(MemberService members, RequestValidator validator, PasswordPolicy passwordPolicy) {
		this.members = members;
		this.validator = validator;
		this.passwordPolicy = passwordPolicy;
	}

	Mono<ServerResponse> list(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> members.list(admin, ListPage.limit(request), ListPage.before(request)).collectList())
			.flatMap(list -> ServerResponse.ok().bodyValue(list));
	}

	Mono<ServerResponse> add(ServerRequest request) {
		return ConsoleUser.of(request)
			.zipWith(validator.validate(request.bodyToMono(NewMemberRequest.class),
					body -> passwordPolicy.violations("password", body.password(), body.email())))
			.flatMap(adminAndBody -> members.add(adminAndBody.getT1(), adminAndBody.getT2()))
			.flatMap(member -> ServerResponse.status(HttpStatus.CREATED).bodyValue(member));
	}

	Mono<ServerResponse> remove(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> members.remove(admin, PathIds.uuid(request, "id")))
			.then(ServerResponse.noContent().build());
	}

}
