package com.gahorouter.console.apikey;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * What a key may do beyond its group: until when, how much it may spend per period, from
 * which addresses, and at which rates; null fields mean no such policy.
 *
 * @param expiresAt refused as {@code KEY_EXPIRED} from this instant on
 * @param spendLimit the charged cost allowed per {@code spendLimitPeriod}
 * @param spendLimitPeriod the period of the limit (set exactly when the limit is)
 * @param allowedIps normalised addresses and CIDRs the key may be used from
 * @param rateLimit requests and tokens per minute, enforced by the gateway
 */
public record KeyPolicy(Instant expiresAt, BigDecimal spendLimit, SpendPeriod spendLimitPeriod, List<String> allowedIps,
		RateLimit rateLimit) {

	/** No policy at all. */
	public static final KeyPolicy NONE = new KeyPolicy(null, null, null, null, null);

}
