package com.gahorouter.console.auth;

import java.time.Instant;

import org.springframework.stereotype.Component;

import com.gahorouter.console.system.ExpiredRows;

import reactor.core.publisher.Mono;

/** Password-reset codes that expired or were used (or voided) before the cut-off. */
@Component
class ExpiredResetCodes implements ExpiredRows {

	private final PasswordResetRepository codes;

	ExpiredResetCodes(PasswordResetRepository codes) {
		this.codes = codes;
	}

	@Override
	public String name() {
		return "password-reset codes";
	}

	@Override
	public Mono<Long> deleteExpired(Instant deadBefore, int batch) {
		return codes.deleteDead(deadBefore, batch);
	}

}
