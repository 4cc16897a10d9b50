package io.tarbox.core.model;

import java.util.OptionalLong;

/**
 * How much a tenant stores, against its quota.
 *
 * @param usedBytes bytes of file data the tenant's tree holds in the database (deduplicated: data
 *     stored once counts once), as committed
 * @param quotaBytes the most it may hold; empty for no quota
 */
public record TenantUsage(long usedBytes, OptionalLong quotaBytes) {}
