-- Tarbox schema, version 3 (SQLite): tenant storage quotas.
-- quota_bytes: the most bytes of file data (stored chunks + inline data) the tenant may hold;
-- NULL for no quota. Set by `tarbox tenant quota`; see docs/limits.md.
ALTER TABLE tenants ADD COLUMN quota_bytes INTEGER;
