-- Tarbox schema, version 8 (PostgreSQL): indexes that a tree's lookups may use without harm.
-- The per-layer indexes (for whole-layer work: squash, gc, publish) led with (tenant_id, layer_id)
-- only. A point lookup (an inode, a name, a file's chunks) names the tenant and the layer too, so
-- the planner could use them for it; on statistics taken while the tables were near empty it did
-- (the smaller index wins when every estimate is one row), and scanned the whole layer for each
-- lookup. With the lookup's own key after (tenant_id, layer_id), either index finds the row at once.
DROP INDEX inodes_by_layer;
CREATE INDEX inodes_by_layer ON inodes (tenant_id, layer_id, ino);
DROP INDEX dirents_by_layer;
CREATE INDEX dirents_by_layer ON dirents (tenant_id, layer_id, parent, name);
DROP INDEX file_chunks_by_layer;
CREATE INDEX file_chunks_by_layer ON file_chunks (tenant_id, layer_id, ino, idx);
