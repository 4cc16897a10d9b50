-- Tarbox schema, version 2 (SQLite): sharing a tenant between processes.
-- version: bumped by every commit that changes the tenant's tree; a process compares it with the
-- value it last saw before serving a lookup from its caches (see docs/storage.md, "Sharing").
ALTER TABLE tenants ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
