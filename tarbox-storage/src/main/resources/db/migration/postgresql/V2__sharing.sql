-- Tarbox schema, version 2 (PostgreSQL): sharing a tenant between processes. The same meaning as
-- db/migration/sqlite/V2__sharing.sql, plus a sequence for inode numbers.

-- version: bumped by every commit that changes the tenant's tree; a process compares it with the
-- value it last saw before serving a lookup from its caches (see docs/storage.md, "Sharing").
ALTER TABLE tenants ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

-- Inode numbers come in blocks of 1024 from this sequence (shared by all tenants: a number is
-- unique per tenant either way). nextval never waits for another transaction, unlike an UPDATE
-- of tenants.next_ino, which would hold the tenant's row lock until the creating transaction
-- commits and so serialize every process creating files in the tenant.
CREATE SEQUENCE inode_blocks INCREMENT BY 1024 MINVALUE 2 START WITH 2;
SELECT setval('inode_blocks', (SELECT COALESCE(max(next_ino), 2) FROM tenants), false);
