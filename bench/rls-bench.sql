-- pgbench script for docs/benchmarks.md (row-level security): Tarbox's hottest lookups on tenant 1.
SELECT set_config('tarbox.tenant_id', '1', false);
SELECT ino, type, mode, nlink, size FROM inodes WHERE tenant_id = 1 AND ino = 1;
SELECT ino FROM dirents WHERE tenant_id = 1 AND parent = 1 AND name = 'c1-r0-p0';
SELECT version FROM tenants WHERE id = 1;
