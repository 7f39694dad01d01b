package com.gahorouter.console.member;

import java.time.Duration;
import java.util.UUID;

import org.springframework.stereotype.Component;

import com.gahorouter.console.auth.RateLimitProperties;
import com.gahorouter.console.system.RateLimiter;

import reactor.core.publisher.Mono;

/**
 * How often people may join a tenant. Adding a member and accepting an invitation both
 * answer 409 for an email that has an account in any tenant, so unthrottled they would
 * tell anyone with an admin account or a link which emails are registered: both are
 * limited per tenant, and the public accept per client IP too, before any hashing (429
 * {@code RATE_LIMITED} with {@code Retry-After}).
 */
@Component
class AdmissionLimits {

	private static final Duration WINDOW = Duration.ofHours(1);

	private final RateLimiter additionsPerTenant;

	private final RateLimiter acceptsPerTenant;

	private final RateLimiter acceptsPerIp;

	AdmissionLimits(RateLimitProperties limits) {
		this.additionsPerTenant = new RateLimiter("member-additions-per-tenant", limits.memberAdditionsPerTenant(),
				WINDOW);
		this.acceptsPerTenant = new RateLimiter("invitation-accepts-per-tenant", limits.invitationAcceptsPerTenant(),
				WINDOW);
		this.acceptsPerIp = new RateLimiter("invitation-accepts-per-ip", limits.invitationAcceptsPerIp(), WINDOW);
	}

	/** Takes one member addition of the tenant, or fails with {@code RATE_LIMITED}. */
	Mono<Void> addition(UUID tenantId) {
		return additionsPerTenant.consume(tenantId.toString());
	}

	/**
	 * Takes one invitation accept from the client IP, or fails with {@code RATE_LIMITED}.
	 */
	Mono<Void> acceptFrom(String clientIp) {
		return acceptsPerIp.consume(clientIp);
	}

	/** Takes one invitation accept of the tenant, or fails with {@code RATE_LIMITED}. */
	Mono<Void> accept(UUID tenantId) {
		return acceptsPerTenant.consume(tenantId.toString());
	}

}
