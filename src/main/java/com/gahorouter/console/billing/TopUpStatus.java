package com.gahorouter.console.billing;

/** A top-up order moves from {@code PENDING} to {@code PAID} or {@code FAILED}, once. */
public enum TopUpStatus {

	PENDING, PAID, FAILED

}
