package com.gahorouter.console.system;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.WebFilter;

/**
 * The management port serves the actuator and nothing else. WebFlux's child management
 * context finds the application's {@code RouterFunction} beans in its parent, but none of
 * the parent's web filters (security among them): without this filter every API route
 * would also answer, unauthenticated, on the management port. Registered for the child
 * context only, in
 * {@code META-INF/spring/org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration.imports}.
 * Component scanning finds it too (it is a configuration class in our package): the
 * condition keeps it out of the application's own context, which has no parent.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementPortRoutes.InChildContext.class)
class ManagementPortRoutes {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter onlyTheActuatorOnTheManagementPort(Environment environment) {
		String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		return (exchange, chain) -> {
			String path = exchange.getRequest().getPath().pathWithinApplication().value();
			if (path.equals(basePath) || path.startsWith(basePath + "/")) {
				return chain.filter(exchange);
			}
			exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
			return exchange.getResponse().setComplete();
		};
	}

	static class InChildContext implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
		}

	}

}
