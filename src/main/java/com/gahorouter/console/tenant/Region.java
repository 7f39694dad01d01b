package com.gahorouter.console.tenant;

/**
 * Where a tenant is served, and where a model group's service runs. JSON carries the
 * code; consoles show the label.
 */
public enum Region {

	CN("Mainland China"), OVERSEAS("Overseas");

	private final String label;

	Region(String label) {
		this.label = label;
	}

	public String label() {
		return label;
	}

}
