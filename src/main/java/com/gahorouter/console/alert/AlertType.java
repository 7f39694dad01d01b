package com.gahorouter.console.alert;

/** What crossed: the tenant's balance, or a key's spend against its limit. */
public enum AlertType {

	LOW_BALANCE, KEY_BUDGET

}
