package com.gahorouter.console.catalog;

/**
 * The operator's override of one group for one tenant. {@code DEFAULT} is the absence of
 * an override (no row): the group's visibility decides.
 */
public enum GroupAccess {

	GRANTED, BLOCKED, DEFAULT

}
