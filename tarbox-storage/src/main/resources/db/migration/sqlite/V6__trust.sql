-- Tarbox schema, version 6 (SQLite): an audit trail that cannot be dodged, and numbers that carry
-- no other tenant's activity. The same tables, columns and meaning as
-- db/migration/postgresql/V6__trust.sql; PostgreSQL adds roles, row-level security and functions.

-- Runs: how each one ended, which process runs it, and whether its operations were recorded.
ALTER TABLE runs ADD COLUMN status TEXT NOT NULL DEFAULT 'exited'; -- running, exited or signal
UPDATE runs SET status = 'running' WHERE exit_code IS NULL;        -- unfinished: shown as unknown
ALTER TABLE runs ADD COLUMN signal TEXT;                            -- what stopped a 'signal' run (SIGTERM)
ALTER TABLE runs ADD COLUMN owner TEXT;                             -- host:pid of the running process
ALTER TABLE runs ADD COLUMN audited INTEGER NOT NULL DEFAULT 1;     -- 0: run --no-audit

-- The object a call changed, when the path it named led elsewhere (a symlink); NULL when the same.
ALTER TABLE audit_events ADD COLUMN resolved_path TEXT;

-- Settings of the whole database, changed by `tarbox db set` (require-audit, audit-prune-min-age).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- A prune is recorded as an event of its own, which no prune removes.
CREATE TRIGGER audit_prunes_stay BEFORE DELETE ON audit_events WHEN OLD.operation = 'audit prune'
BEGIN
    SELECT RAISE(ABORT, 'the record of a prune is never removed');
END;

-- A run's row is completed once, when the run ends; what it says about the run never changes.
CREATE TRIGGER runs_end_once BEFORE UPDATE ON runs
WHEN OLD.status <> 'running' OR NEW.tenant_id <> OLD.tenant_id OR NEW.id <> OLD.id OR NEW.module <> OLD.module
    OR NEW.module_hash <> OLD.module_hash OR NEW.started_ns <> OLD.started_ns OR NEW.audited <> OLD.audited
    OR NEW.owner IS NOT OLD.owner
BEGIN
    SELECT RAISE(ABORT, 'a run''s row changes only once, when the run ends');
END;

-- require-audit: a run that records nothing is refused.
CREATE TRIGGER runs_audit_required BEFORE INSERT ON runs
WHEN NEW.audited = 0 AND (SELECT value FROM settings WHERE name = 'require-audit') = 'on'
BEGIN
    SELECT RAISE(ABORT, 'this database requires every run to be audited: --no-audit is refused');
END;

-- Layer ids are numbered per tenant (a tenant's numbers say nothing of other tenants' activity):
-- tenants.next_layer hands them out, and a layer's key is (tenant_id, id).
ALTER TABLE tenants ADD COLUMN next_layer INTEGER NOT NULL DEFAULT 1;
UPDATE tenants SET next_layer = COALESCE((SELECT max(l.id) FROM layers l WHERE l.tenant_id = tenants.id), 0) + 1;
CREATE TABLE layers_v6 (
    tenant_id  INTEGER NOT NULL,
    id         INTEGER NOT NULL,
    parent     INTEGER,              -- NULL for a base layer
    scratch    INTEGER NOT NULL,     -- 1: a run's private layer (--atomic, --ephemeral)
    owner      TEXT,                 -- scratch layers: host and pid of the run's process
    created_ns INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
INSERT INTO layers_v6 SELECT tenant_id, id, parent, scratch, owner, created_ns FROM layers;
DROP TABLE layers;
ALTER TABLE layers_v6 RENAME TO layers;
CREATE INDEX layers_by_tenant ON layers (tenant_id, parent);
-- A layer id alone no longer names one tenant's rows.
DROP INDEX inodes_by_layer;
CREATE INDEX inodes_by_layer ON inodes (tenant_id, layer_id);
DROP INDEX dirents_by_layer;
CREATE INDEX dirents_by_layer ON dirents (tenant_id, layer_id);
DROP INDEX file_chunks_by_layer;
CREATE INDEX file_chunks_by_layer ON file_chunks (tenant_id, layer_id);
