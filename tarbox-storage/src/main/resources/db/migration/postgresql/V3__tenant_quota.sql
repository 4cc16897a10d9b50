-- Tarbox schema, version 3 (PostgreSQL): tenant storage quotas. The same meaning as
-- db/migration/sqlite/V3__tenant_quota.sql.
ALTER TABLE tenants ADD COLUMN quota_bytes BIGINT;
