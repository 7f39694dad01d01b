package com.gahorouter.console.tenant;

import java.util.UUID;

import org.springframework.stereotype.Service;

import com.gahorouter.console.auth.SignInTenants;
import com.gahorouter.console.system.ApiException;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tenants: created by registration, read by every page that shows one. Other features
 * read tenants only through this service.
 */
@Service
public class TenantService implements SignInTenants {

	private final TenantRepository tenants;

	TenantService(TenantRepository tenants) {
		this.tenants = tenants;
	}

	/** Inserts a tenant with a zero balance; joins the caller's transaction. */
	public Mono<Tenant> create(NewTenant tenant) {
		return tenants.insert(tenant);
	}

	/** The tenant, or {@code NOT_FOUND}. */
	public Mono<Tenant> find(UUID id) {
		return tenants.find(id).switchIfEmpty(Mono.error(ApiException::notFound));
	}

	@Override
	public Mono<TenantSummary> signInTenant(UUID tenantId) {
		return find(tenantId).map(TenantSummary::of);
	}

	/**
	 * {@code GET /api/tenant} for a user of the tenant; only its admin may change the
	 * region.
	 */
	public Mono<TenantDetails> details(UUID tenantId, boolean isTenantAdmin) {
		return find(tenantId).map(tenant -> TenantDetails.of(tenant, isTenantAdmin));
	}

	/**
	 * One page of every tenant, newest first (ties by id, so pages neither overlap nor
	 * skip), with its number of users (the admin and the members).
	 * @param page zero-based page number
	 * @param size entries per page
	 */
	public Flux<TenantOverview> page(int page, int size) {
		return tenants.findOverviews(size, (long) page * size);
	}

	/** How many tenants there are. */
	public Mono<Long> count() {
		return tenants.count();
	}

}
