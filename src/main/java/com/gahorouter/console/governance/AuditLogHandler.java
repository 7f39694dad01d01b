package com.gahorouter.console.governance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.gahorouter.console.audit.AuditAction;
import com.gahorouter.console.audit.AuditEntry;
import com.gahorouter.console.audit.AuditLog;
import com.gahorouter.console.audit.AuditQuery;
import com.gahorouter.console.auth.ConsoleUser;
import com.gahorouter.console.system.ApiException;
import com.gahorouter.console.system.QueryParameters;

import reactor.core.publisher.Mono;

/**
 * HTTP side of the audit log: the tenant admin's {@code GET /api/audit-log} (their
 * tenant's entries) and the operator's {@code GET /api/admin/audit-log} (every entry,
 * filterable by tenant). The security rules admit only those roles.
 */
@Component
class AuditLogHandler {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 200;

	private final AuditLog audit;

	AuditLogHandler(AuditLog audit) {
		this.audit = audit;
	}

	Mono<ServerResponse> tenantLog(ServerRequest request) {
		return ConsoleUser.of(request)
			.flatMap(admin -> audit.find(query(request, admin.requireTenant()))
				.map(AuditEntry::inTenantLog)
				.collectList())
			.flatMap(entries -> ServerResponse.ok().bodyValue(entries));
	}

	Mono<ServerResponse> operatorLog(ServerRequest request) {
		return Mono
			.fromCallable(() -> query(request,
					QueryParameters.uuid(request, "tenantId", "must be a tenant id (UUID)").orElse(null)))
			.flatMap(query -> audit.find(query).collectList())
			.flatMap(entries -> ServerResponse.ok().bodyValue(entries));
	}

	private static AuditQuery query(ServerRequest request, UUID tenantId) {
		int limit = QueryParameters.wholeNumber(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
		UUID before = QueryParameters.uuid(request, "before", "must be the id of an audit entry").orElse(null);
		AuditAction action = QueryParameters.optionalEnum(request, "action", AuditAction.class).orElse(null);
		UUID actorId = QueryParameters.uuid(request, "actorId", "must be a user id (UUID)").orElse(null);
		List<ApiException.FieldError> errors = new ArrayList<>();
		Instant from = QueryParameters.instant(request, "from", errors).orElse(null);
		Instant to = QueryParameters.instant(request, "to", errors).orElse(null);
		if (from != null && to != null && !from.isBefore(to)) {
			errors.add(new ApiException.FieldError("to", "must be after from"));
		}
		if (!errors.isEmpty()) {
			throw ApiException.validation(errors);
		}
		return new AuditQuery(tenantId, limit, before, action, actorId, from, to);
	}

}
