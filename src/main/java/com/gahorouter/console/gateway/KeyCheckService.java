package com.gahorouter.console.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.springframework.stereotype.Service;

import com.gahorouter.console.apikey.KeySnapshot;
import com.gahorouter.console.apikey.KeySnapshots;
import com.gahorouter.console.apikey.KeyStatus;
import com.gahorouter.console.apikey.KeyUsageTracker;
import com.gahorouter.console.auth.RateLimitProperties;
import com.gahorouter.console.billing.CreditStatus;
import com.gahorouter.console.catalog.AvailableGroups;
import com.gahorouter.console.catalog.GroupList;
import com.gahorouter.console.catalog.ModelGroup;
import com.gahorouter.console.system.RateLimiter;
import com.gahorouter.console.system.Secrets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * The gateway's key check, the hottest path of the system. Decided from three caches, so
 * a warm check does no database query: the key's snapshot by its hash
 * ({@link KeySnapshots}), the tenant's available groups for its current region
 * ({@link AvailableGroups}), and whether the tenant has credit ({@link CreditStatus}).
 * Each cache is evicted by the change that makes it stale (key revoke/rebind, catalog
 * edit, grant/block, region change, balance crossing zero, key policy edit, rotation, a
 * usage window reaching the key's spend limit), on every replica. The key's policies are
 * in its snapshot (expiry, a rotated-out secret's grace, allowlist, rate limits, whether
 * the spend limit is reached until the period ends), so they too cost no query. A key in
 * use is recorded in batches, never per check.
 */
@Service
public class KeyCheckService {

	private final KeySnapshots snapshots;

	private final AvailableGroups availableGroups;

	private final CreditStatus credit;

	private final KeyUsageTracker usage;

	/** {@code gahorouter.key.checks{decision}}: allowed, or the refusal reason. */
	private final Counter allowed;

	private final Map<RefusalReason, Counter> refused = new EnumMap<>(RefusalReason.class);

	private final RateLimiter unknownKeys;

	public KeyCheckService(KeySnapshots snapshots, AvailableGroups availableGroups, CreditStatus credit,
			KeyUsageTracker usage, RateLimitProperties limits, MeterRegistry meters) {
		this.unknownKeys = new RateLimiter("unknown-keys-per-ip", limits.unknownKeysPerIp(), Duration.ofMinutes(1));
		this.snapshots = snapshots;
		this.availableGroups = availableGroups;
		this.credit = credit;
		this.usage = usage;
		this.allowed = decisions(meters, "allowed");
		for (RefusalReason reason : RefusalReason.values()) {
			refused.put(reason, decisions(meters, reason.name()));
		}
	}

	private static Counter decisions(MeterRegistry meters, String decision) {
		return Counter.builder("gahorouter.key.checks")
			.description("Key checks by decision")
			.tag("decision", decision)
			.register(meters);
	}

	/**
	 * Whether the key may be used now, and if so what the gateway needs to route and bill
	 * the call; a missing key is an unknown one.
	 */
	public Mono<KeyDecision> check(String key) {
		return check(key, null);
	}

	/**
	 * Whether the key may be used now by this client ({@code clientIp} may be null: then
	 * a key with an IP allowlist is refused), decided from the cached snapshot: revoked
	 * (or a rotated-out secret past its grace), expired, unbound, outside the allowlist,
	 * spend limit reached, group not available, no credit; in that order.
	 */
	public Mono<KeyDecision> check(String key, String clientIp) {
		if (key == null || key.isBlank()) {
			return Mono.just(KeyDecision.refuse(RefusalReason.UNKNOWN_KEY)).doOnNext(this::count);
		}
		String hash = Secrets.sha256Hex(key.trim());
		KeySnapshot warm = snapshots.findIfLoaded(hash);
		Mono<KeyDecision> decision = warm != null ? decide(warm, clientIp)
				: snapshots.find(hash)
					.flatMap(snapshot -> decide(snapshot, clientIp))
					.defaultIfEmpty(KeyDecision.refuse(RefusalReason.UNKNOWN_KEY));
		return decision.doOnNext(this::count);
	}

	private void count(KeyDecision decision) {
		(decision.allowed() ? allowed : refused.get(decision.reason())).increment();
	}

	/**
	 * The key check for a key a client presents itself ({@code /v1/models}): unknown keys
	 * are limited per client IP ({@code gahorouter.rate-limit.unknown-keys-per-ip} a
	 * minute). One is taken before the check and given back unless the key is unknown;
	 * past the limit the answer is {@code RATE_LIMITED} without a lookup.
	 */
	public Mono<KeyDecision> checkPresented(String key, String clientIp) {
		return unknownKeys.consume(clientIp).then(Mono.defer(() -> check(key, clientIp))).doOnNext(decision -> {
			if (decision.allowed() || decision.reason() != RefusalReason.UNKNOWN_KEY) {
				unknownKeys.refund(clientIp);
			}
		});
	}

	/**
	 * The decision for a known key: what its snapshot refuses, else what its group and
	 * the tenant's credit say. A cache that holds its answer is read at once
	 * ({@code …IfLoaded}); only one that must load costs a reactive step, so a warm check
	 * is one {@code Mono.just}.
	 */
	private Mono<KeyDecision> decide(KeySnapshot key, String clientIp) {
		RefusalReason refusal = refusalOf(key, clientIp, Instant.now());
		if (refusal != null) {
			return Mono.just(KeyDecision.refuse(refusal));
		}
		GroupList groups = availableGroups.forTenantIfLoaded(key.tenantId());
		if (groups == null) {
			return availableGroups.findAvailable(key.tenantId(), key.groupId())
				.flatMap(group -> withCredit(key, group))
				.defaultIfEmpty(KeyDecision.refuse(RefusalReason.GROUP_NOT_AVAILABLE));
		}
		ModelGroup group = groups.find(key.groupId()).orElse(null);
		if (group == null) {
			return Mono.just(KeyDecision.refuse(RefusalReason.GROUP_NOT_AVAILABLE));
		}
		Boolean hasCredit = credit.hasCreditIfLoaded(key.tenantId());
		return hasCredit != null ? Mono.just(grant(key, group, hasCredit))
				: withCredit(key, group).defaultIfEmpty(KeyDecision.refuse(RefusalReason.GROUP_NOT_AVAILABLE));
	}

	/**
	 * What the key's own snapshot refuses (revoked or a rotated-out secret past its
	 * grace, expired, unbound, outside the allowlist, spend limit reached; in that
	 * order), or null.
	 */
	private static RefusalReason refusalOf(KeySnapshot key, String clientIp, Instant now) {
		if (key.status() == KeyStatus.REVOKED || key.secretRetired(now)) {
			return RefusalReason.KEY_REVOKED;
		}
		if (key.expired(now)) {
			return RefusalReason.KEY_EXPIRED;
		}
		if (key.status() == KeyStatus.PENDING_REASSIGNMENT || key.groupId() == null) {
			return RefusalReason.KEY_UNBOUND;
		}
		if (!key.allowsClient(clientIp)) {
			return RefusalReason.IP_NOT_ALLOWED;
		}
		if (key.spendLimitReached(now)) {
			return RefusalReason.SPEND_LIMIT_REACHED;
		}
		return null;
	}

	private Mono<KeyDecision> withCredit(KeySnapshot key, ModelGroup group) {
		return credit.hasCredit(key.tenantId()).map(hasCredit -> grant(key, group, hasCredit));
	}

	/** Allowed (and the key marked in use) if the tenant has credit. */
	private KeyDecision grant(KeySnapshot key, ModelGroup group, boolean hasCredit) {
		if (!hasCredit) {
			return KeyDecision.refuse(RefusalReason.INSUFFICIENT_BALANCE);
		}
		usage.markUsed(key.keyId());
		return KeyDecision.allow(key, group);
	}

}
