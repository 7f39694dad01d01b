package com.gahorouter.console.tenant;

/** What registration knows of a tenant it creates. */
public record NewTenant(String name, Region region, String contactName, String contactPhone) {
}
