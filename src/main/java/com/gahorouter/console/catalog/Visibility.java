package com.gahorouter.console.catalog;

/**
 * Who may use a model group by default: every tenant unless blocked, or only tenants it
 * is granted to.
 */
public enum Visibility {

	PUBLIC, RESTRICTED

}
