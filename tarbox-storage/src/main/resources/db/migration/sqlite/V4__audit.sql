-- Tarbox schema, version 4 (SQLite): the audit trail. One row per run, one row per recorded file
-- operation. Keyed by tenant first like every table; layer_id is 0 until the tree has layers.
-- (Version 3 is the quota migration; the two are independent.)

CREATE TABLE runs (
    tenant_id     INTEGER NOT NULL,
    id            TEXT    NOT NULL,   -- a random UUID, printed by `tarbox runs`
    module        TEXT    NOT NULL,   -- the module file's name
    module_hash   TEXT    NOT NULL,   -- SHA-256, hex
    started_ns    INTEGER NOT NULL,
    duration_ms   INTEGER NOT NULL,   -- -1 until the run finishes
    exit_code     INTEGER,            -- NULL until the run finishes
    files_changed INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX runs_started ON runs (tenant_id, started_ns);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id   INTEGER NOT NULL,
    layer_id    INTEGER NOT NULL,
    run_id      TEXT,                 -- NULL for a CLI command
    module_hash TEXT,                 -- NULL for a CLI command
    time_ns     INTEGER NOT NULL,
    operation   TEXT    NOT NULL,
    path        TEXT,
    bytes       INTEGER NOT NULL,
    errno       INTEGER NOT NULL      -- WASI errno, 0 for success
);
CREATE INDEX audit_events_time ON audit_events (tenant_id, time_ns);
CREATE INDEX audit_events_run ON audit_events (tenant_id, run_id);

-- Append-only: a recorded operation is never rewritten. (Rows leave only through
-- `tarbox audit prune`; SQLite has no session state a trigger could check to tell it apart.)
CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
