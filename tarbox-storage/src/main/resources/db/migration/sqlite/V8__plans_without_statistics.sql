-- Tarbox schema, version 8 (SQLite): the same indexes as db/migration/postgresql/V8: the per-layer
-- indexes carry the key of a point lookup after (tenant_id, layer_id), so that a planner that
-- picks one of them for a lookup (PostgreSQL did, on statistics of near-empty tables) still goes
-- straight to the row.
DROP INDEX inodes_by_layer;
CREATE INDEX inodes_by_layer ON inodes (tenant_id, layer_id, ino);
DROP INDEX dirents_by_layer;
CREATE INDEX dirents_by_layer ON dirents (tenant_id, layer_id, parent, name);
DROP INDEX file_chunks_by_layer;
CREATE INDEX file_chunks_by_layer ON file_chunks (tenant_id, layer_id, ino, idx);
