package com.gahorouter.console.governance;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Tenant governance: the audit log (tenant admin's and operator's views) and alerts. The
 * security rules admit the tenant admin to {@code /api/audit-log} and
 * {@code /api/tenant/alerts/**}, the operator to {@code /api/admin/**}.
 */
@Configuration(proxyBeanMethods = false)
class GovernanceRoutes {

	@Bean
	RouterFunction<ServerResponse> governanceRouter(AuditLogHandler auditLog, AlertHandler alerts) {
		return RouterFunctions.route()
			.GET("/api/audit-log", auditLog::tenantLog)
			.GET("/api/admin/audit-log", auditLog::operatorLog)
			.GET("/api/tenant/alerts", alerts::settings)
			.PUT("/api/tenant/alerts", alerts::update)
			.GET("/api/tenant/alerts/deliveries", alerts::deliveries)
			.build();
	}

}
