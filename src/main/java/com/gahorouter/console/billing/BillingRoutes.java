package com.gahorouter.console.billing;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code /api/billing/*} and the operator's balance adjustments. Who may call them is
 * decided in the security rules: top-ups are for the tenant admin, webhooks are public
 * (they are signed), adjustments are the operator's.
 */
@Configuration(proxyBeanMethods = false)
class BillingRoutes {

	@Bean
	RouterFunction<ServerResponse> billingRouter(BillingHandler handler) {
		return RouterFunctions.route()
			.GET("/api/billing/balance", handler::balance)
			.GET("/api/billing/ledger", handler::ledger)
			.POST("/api/billing/top-ups", handler::topUp)
			.POST("/api/billing/webhooks/{provider}", handler::webhook)
			.POST("/api/admin/tenants/{tenantId}/balance-adjustments", handler::adjust)
			.build();
	}

}
