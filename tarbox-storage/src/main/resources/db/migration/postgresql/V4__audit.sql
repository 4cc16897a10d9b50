-- Tarbox schema, version 4 (PostgreSQL): the audit trail. The same tables, keys and meaning as
-- db/migration/sqlite/V4__audit.sql; only the types and the append-only guard differ.

CREATE TABLE runs (
    tenant_id     BIGINT  NOT NULL,
    id            TEXT    NOT NULL,
    module        TEXT    NOT NULL,
    module_hash   TEXT    NOT NULL,
    started_ns    BIGINT  NOT NULL,
    duration_ms   BIGINT  NOT NULL,
    exit_code     INTEGER,
    files_changed BIGINT  NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX runs_started ON runs (tenant_id, started_ns);

CREATE TABLE audit_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   BIGINT  NOT NULL,
    layer_id    BIGINT  NOT NULL,
    run_id      TEXT,
    module_hash TEXT,
    time_ns     BIGINT  NOT NULL,
    operation   TEXT    NOT NULL,
    path        TEXT,
    bytes       BIGINT  NOT NULL,
    errno       INTEGER NOT NULL
);
CREATE INDEX audit_events_time ON audit_events (tenant_id, time_ns);
CREATE INDEX audit_events_run ON audit_events (tenant_id, run_id);

-- Append-only: UPDATE is always refused; DELETE only inside a transaction that declared itself a
-- prune (`tarbox audit prune` runs SET LOCAL tarbox.audit_prune = 'on'). TRUNCATE is refused too.
CREATE FUNCTION audit_events_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND COALESCE(current_setting('tarbox.audit_prune', true), '') = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard();
