package com.gahorouter.console.catalog;

import java.util.Comparator;

/**
 * "Ordered by name": case-insensitive, ties broken by the exact name, independent of the
 * database's collation.
 */
final class CatalogOrder {

	static final Comparator<ModelGroup> BY_NAME = Comparator.comparing(ModelGroup::name, String.CASE_INSENSITIVE_ORDER)
		.thenComparing(ModelGroup::name);

	private CatalogOrder() {
	}

}
