package com.gahorouter.console.catalog;

import java.util.UUID;

/** The answer of a grant/block: the tenant's override of the group now in force. */
public record GroupAccessView(UUID tenantId, UUID groupId, GroupAccess access) {
}
