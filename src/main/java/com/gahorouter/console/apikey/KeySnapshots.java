package com.gahorouter.console.apikey;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import com.gahorouter.console.system.ChangeNotifications.Change;
import com.gahorouter.console.system.ChangeNotifications;
import com.gahorouter.console.system.CoherentCache;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * What the gateway's key check knows of each key, by the key's hash: the {@code api-keys}
 * {@link CoherentCache}, so that a warm check does no query. Every change of a key evicts
 * it after commit on this replica ({@link ApiKeyService} calls {@link #forgetKey},
 * {@link #forgetTenant}) and, through the notice sent in the same transaction
 * ({@value #KEY_TOPIC}, {@value #TENANT_KEYS_TOPIC}), on every other one. Evictions are
 * final: they also drop loads still in flight, so a check racing a revocation cannot
 * bring the revoked key back. The expiry is only a safety net.
 */
@Component
public class KeySnapshots implements DisposableBean {

	/** A {@link Change} of one key; its id is the key id. */
	static final String KEY_TOPIC = "api-key";

	/**
	 * A {@link Change} of some of a tenant's keys (region change); its id is the tenant
	 * id.
	 */
	static final String TENANT_KEYS_TOPIC = "tenant-keys";

	/**
	 * How long a key hash that matched no key is answered from memory (unknown key).
	 * Safe: a key's secret is at least 32 random bytes the server generates (at creation
	 * or rotation) and shows only after storing its hash, so a hash that missed can never
	 * match a key later; a gateway or client repeating an unknown key costs no query.
	 */
	private static final Duration MISSES_REMEMBERED = Duration.ofSeconds(5);

	private final CoherentCache<String, KeySnapshot> snapshots;

	KeySnapshots(ApiKeyRepository keys, ChangeNotifications notifications, MeterRegistry meters) {
		this.snapshots = CoherentCache.named("api-keys", keys::findSnapshot)
			.maximumSize(200_000)
			.rememberMisses(MISSES_REMEMBERED)
			.expireAfterWrite(Duration.ofMinutes(10))
			.onChange(KEY_TOPIC, this::forgetKey)
			.onChange(TENANT_KEYS_TOPIC, this::forgetTenant)
			.build(meters, notifications);
	}

	/** What the key check needs of the key with this hash; empty for an unknown key. */
	public Mono<KeySnapshot> find(String secretHash) {
		return snapshots.get(secretHash);
	}

	/**
	 * The key's snapshot if it is cached now, else {@code null} (then {@link #find}).
	 */
	public KeySnapshot findIfLoaded(String secretHash) {
		return snapshots.getIfLoaded(secretHash);
	}

	/** Drops the key's snapshot (after a change of it commits). */
	void forgetKey(UUID keyId) {
		snapshots.invalidateIf(snapshot -> snapshot.keyId().equals(keyId));
	}

	/** Drops the snapshots of these keys (after a change of them commits). */
	void forgetKeys(Set<UUID> keyIds) {
		snapshots.invalidateIf(snapshot -> keyIds.contains(snapshot.keyId()));
	}

	/** Drops the snapshots of the tenant's keys (after a change of them commits). */
	void forgetTenant(UUID tenantId) {
		snapshots.invalidateIf(snapshot -> snapshot.tenantId().equals(tenantId));
	}

	@Override
	public void destroy() {
		snapshots.dispose();
	}

}
