package com.gahorouter.console.gateway;

import java.time.Duration;

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

import reactor.core.publisher.Mono;

/**
 * The gateway's key check, the hottest path of the system. Decided from three caches, so
 * a warm check does no database query: the key's snapshot by its hash
 * ({@link KeySnapshots}), the tenant's available groups for its current region
 * ({@link AvailableGroups}), and whether the tenant has credit ({@link CreditStatus}).
 * Each cache is evicted by the change that makes it stale (key revoke/rebind, catalog
 * edit, grant/block, region change, balance crossing zero), on every replica. A key in
 * use is recorded in batches, never per check.
 */
@Service
public class KeyCheckService {

	private final KeySnapshots snapshots;

	private final AvailableGroups availableGroups;

	private final CreditStatus credit;

	private final KeyUsageTracker usage;

	private final RateLimiter unknownKeys;

	public KeyCheckService(KeySnapshots snapshots, AvailableGroups availableGroups, CreditStatus credit,
			KeyUsageTracker usage, RateLimitProperties limits) {
		this.unknownKeys = new RateLimiter("unknown-keys-per-ip", limits.unknownKeysPerIp(), Duration.ofMinutes(1));
		this.snapshots = snapshots;
		this.availableGroups = availableGroups;
		this.credit = credit;
		this.usage = usage;
	}

	/**
	 * Whether the key may be used now, and if so what the gateway needs to route and bill
	 * the call; a missing key is an unknown one.
	 */
	public Mono<KeyDecision> check(String key) {
		if (key == null || key.isBlank()) {
			return Mono.just(KeyDecision.refuse(RefusalReason.UNKNOWN_KEY));
		}
		return snapshots.find(Secrets.sha256Hex(key.trim()))
			.flatMap(this::decide)
			.defaultIfEmpty(KeyDecision.refuse(RefusalReason.UNKNOWN_KEY));
	}

	/**
	 * The key check for a key a client presents itself ({@code /v1/models}): unknown keys
	 * are limited per client IP ({@code gahorouter.rate-limit.unknown-keys-per-ip} a
	 * minute). One is taken before the check and given back unless the key is unknown;
	 * past the limit the answer is {@code RATE_LIMITED} without a lookup.
	 */
	public Mono<KeyDecision> checkPresented(String key, String clientIp) {
		return unknownKeys.consume(clientIp).then(Mono.defer(() -> check(key))).doOnNext(decision -> {
			if (decision.allowed() || decision.reason() != RefusalReason.UNKNOWN_KEY) {
				unknownKeys.refund(clientIp);
			}
		});
	}

	private Mono<KeyDecision> decide(KeySnapshot key) {
		if (key.status() == KeyStatus.REVOKED) {
			return Mono.just(KeyDecision.refuse(RefusalReason.KEY_REVOKED));
		}
		if (key.status() == KeyStatus.PENDING_REASSIGNMENT || key.groupId() == null) {
			return Mono.just(KeyDecision.refuse(RefusalReason.KEY_UNBOUND));
		}
		return availableGroups.findAvailable(key.tenantId(), key.groupId())
			.flatMap(group -> credit.hasCredit(key.tenantId()).map(hasCredit -> {
				if (!hasCredit) {
					return KeyDecision.refuse(RefusalReason.INSUFFICIENT_BALANCE);
				}
				usage.markUsed(key.keyId());
				return KeyDecision.allow(key.tenantId(), key.keyId(), group);
			}))
			.defaultIfEmpty(KeyDecision.refuse(RefusalReason.GROUP_NOT_AVAILABLE));
	}

}
