package com.gahorouter.console.catalog;

/**
 * The operator's switch on a model group: {@code MAINTENANCE} stays listed (with its
 * status), {@code DISABLED} is hidden.
 */
public enum GroupStatus {

	ACTIVE, MAINTENANCE, DISABLED

}
