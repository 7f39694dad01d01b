package com.gahorouter.console.catalog;

import jakarta.validation.constraints.NotNull;

/**
 * {@code PUT /api/admin/tenants/{tenantId}/model-groups/{groupId}}: grant, block or reset
 * to the default.
 */
public record GroupAccessRequest(@NotNull GroupAccess access) {
}
