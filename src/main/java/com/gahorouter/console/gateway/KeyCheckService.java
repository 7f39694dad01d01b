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
		return snapshots.find(Secrets.sha256Hex(key.trim()))
			.flatMap(snapshot -> decide(snapshot, clientIp))
			.defaultIfEmpty(KeyDecision.refuse(RefusalReason.UNKNOWN_KEY))
			.doOnNext(this::count);
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

	private Mono<KeyDecision> decide(KeySnapshot key, String clientIp) {
		Instant now = Instant.now();
		if (key.status() == KeyStatus.REVOKED || key.secretRetired(now)) {
			return Mono.just(KeyDecision.refuse(RefusalReason.KEY_REVOKED));
		}
		if (key.expired(now)) {
			return Mono.just(KeyDecision.refuse(RefusalReason.KEY_EXPIRED));
		}
		if (key.status() == KeyStatus.PENDING_REASSIGNMENT || key.groupId() == null) {
			return Mono.just(KeyDecision.refuse(RefusalReason.KEY_UNBOUND));
		}
		if (!key.allowsClient(clientIp)) {
			return Mono.just(KeyDecision.refuse(RefusalReason.IP_NOT_ALLOWED));
		}
		if (key.spendLimitReached(now)) {
			return Mono.just(KeyDecision.refuse(RefusalReason.SPEND_LIMIT_REACHED));
		}
		return availableGroups.findAvailable(key.tenantId(), key.groupId())
			.flatMap(group -> credit.hasCredit(key.tenantId()).map(hasCredit -> {
				if (!hasCredit) {
					return KeyDecision.refuse(RefusalReason.INSUFFICIENT_BALANCE);
				}
				usage.markUsed(key.keyId());
				return KeyDecision.allow(key, group);
			}))
			.defaultIfEmpty(KeyDecision.refuse(RefusalReason.GROUP_NOT_AVAILABLE));
	}

}
