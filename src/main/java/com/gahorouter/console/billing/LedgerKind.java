package com.gahorouter.console.billing;

/** Why a ledger entry moved the balance. */
public enum LedgerKind {

	/** A paid top-up order; positive. */
	TOP_UP,
	/** A gateway call charged to the tenant; zero or negative. */
	USAGE,
	/** An operator's correction, either sign; its reference is the operator's reason. */
	ADJUSTMENT

}
