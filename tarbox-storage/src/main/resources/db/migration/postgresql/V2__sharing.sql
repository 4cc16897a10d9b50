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

-- Row-level security: a second wall behind the tenant_id that every statement names. A
-- filesystem's connection serves one tenant and sets tarbox.tenant_id once when it opens; from then
-- on it neither sees nor writes another tenant's rows, even through a statement that forgot its
-- tenant. The store's own connection (creating, listing, deleting tenants; fsck) leaves the setting
-- unset and sees every row. As always in PostgreSQL, superusers and BYPASSRLS roles are exempt:
-- run Tarbox as an ordinary role to have the wall. FORCE: the owner of the tables is held too.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['inodes', 'dirents', 'chunks', 'file_chunks'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_id = COALESCE('
            || 'NULLIF(current_setting(''tarbox.tenant_id'', true), '''')::bigint, tenant_id))', t);
    END LOOP;
END $$;
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON tenants
    USING (id = COALESCE(NULLIF(current_setting('tarbox.tenant_id', true), '')::bigint, id));
