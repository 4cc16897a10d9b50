-- Tarbox schema, version 6 (PostgreSQL): an audit trail that cannot be dodged, tenant walls that
-- fail closed, and numbers that carry no other tenant's activity. The same tables and meaning as
-- db/migration/sqlite/V6__trust.sql, plus what only PostgreSQL can enforce: row-level security on
-- every tenant's table, per-tenant database roles, and the functions for the maintenance that
-- needs every tenant. Roles themselves are created by `tarbox init --create-roles`, not here
-- (their names are the operator's). See docs/storage.md, "Deploying on PostgreSQL".

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

-- Per-tenant database roles (`tarbox tenant grant`): a role named here reaches its tenant only,
-- whatever the session sets.
CREATE TABLE tenant_roles (
    role_name TEXT   PRIMARY KEY,
    tenant_id BIGINT NOT NULL
);
-- Every role's own row decides what it sees (the policies below read it as the caller).
GRANT SELECT ON tenant_roles TO PUBLIC;

-- Numbers per tenant. Inode numbers come from tenants.next_ino in blocks, reserved in a short
-- transaction of their own (so creators in several processes never wait on each other's open
-- transactions, which is why V2 had a sequence); layer ids from tenants.next_layer. Either way a
-- tenant's numbers grow with its own activity only. Done before the policies below change, while
-- this migration still sees every row.
ALTER TABLE tenants ADD COLUMN next_layer BIGINT NOT NULL DEFAULT 1;
UPDATE tenants SET
    next_layer = COALESCE((SELECT max(l.id) FROM layers l WHERE l.tenant_id = tenants.id), 0) + 1,
    next_ino = GREATEST(next_ino, COALESCE((SELECT max(i.ino) FROM inodes i WHERE i.tenant_id = tenants.id), 1) + 1);
DROP SEQUENCE inode_blocks;
ALTER TABLE layers ALTER COLUMN id DROP IDENTITY;
ALTER TABLE layers DROP CONSTRAINT layers_pkey;
ALTER TABLE layers ADD PRIMARY KEY (tenant_id, id);
DROP INDEX inodes_by_layer;
CREATE INDEX inodes_by_layer ON inodes (tenant_id, layer_id);
DROP INDEX dirents_by_layer;
CREATE INDEX dirents_by_layer ON dirents (tenant_id, layer_id);
DROP INDEX file_chunks_by_layer;
CREATE INDEX file_chunks_by_layer ON file_chunks (tenant_id, layer_id);

-- The tenants a session may know of: every one for a role that serves all tenants (Tarbox's own
-- roles), its own for a per-tenant role (named by session_user: inside this function current_user
-- is the owner). Maintenance (tenant list, finding a tenant by name) goes
-- through here; EXECUTE is granted by `tarbox init --create-roles` and `tarbox tenant grant`.
CREATE FUNCTION tarbox_tenants() RETURNS TABLE (id bigint, name text, created_ns bigint)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    PERFORM set_config('tarbox.list_tenants', 'on', true);
    RETURN QUERY SELECT t.id, t.name, t.created_ns FROM tenants t
        WHERE NOT EXISTS (SELECT 1 FROM tenant_roles r WHERE r.role_name = session_user)
           OR t.id = (SELECT r.tenant_id FROM tenant_roles r WHERE r.role_name = session_user)
        ORDER BY t.name;
    PERFORM set_config('tarbox.list_tenants', 'off', true);
END;
$$;
REVOKE EXECUTE ON FUNCTION tarbox_tenants() FROM PUBLIC;

-- The audit trail is append-only. UPDATE and TRUNCATE of audit_events are always refused, and so
-- is deleting the record of a prune; other rows of audit_events and runs are deleted only by the
-- tables' owner inside a prune (tarbox_prune_audit sets tarbox.audit_prune). A role that is not the
-- owner cannot delete a row whatever it sets or is granted; the roles `tarbox init --create-roles`
-- makes are not granted DELETE in the first place, and only an owner may alter a table or disable
-- a trigger. Against the owner (and superusers) nothing in the database holds: see docs/audit.md.
CREATE OR REPLACE FUNCTION audit_events_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND COALESCE(current_setting('tarbox.audit_prune', true), '') = 'on'
            AND (to_jsonb(OLD) ->> 'operation') IS DISTINCT FROM 'audit prune'
            AND current_user = (SELECT t.tableowner FROM pg_tables t
                                WHERE t.schemaname = TG_TABLE_SCHEMA AND t.tablename = TG_TABLE_NAME) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only (% on % refused)', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

-- A run's row is written when the run starts and completed once, when it ends; a run that records
-- nothing (--no-audit) is refused while the setting require-audit is on.
CREATE FUNCTION runs_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.audited = 0 AND (SELECT s.value FROM settings s WHERE s.name = 'require-audit') = 'on' THEN
            RAISE EXCEPTION 'this database requires every run to be audited: --no-audit is refused'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END IF;
    IF OLD.status = 'running' AND NEW.tenant_id = OLD.tenant_id AND NEW.id = OLD.id
            AND NEW.module = OLD.module AND NEW.module_hash = OLD.module_hash
            AND NEW.started_ns = OLD.started_ns AND NEW.audited = OLD.audited
            AND NEW.owner IS NOT DISTINCT FROM OLD.owner THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'a run''s row changes only once, when the run ends' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER runs_written_once BEFORE INSERT OR UPDATE ON runs
    FOR EACH ROW EXECUTE FUNCTION runs_guard();
CREATE TRIGGER runs_append_only BEFORE DELETE ON runs
    FOR EACH ROW EXECUTE FUNCTION audit_events_guard();
CREATE TRIGGER runs_no_truncate BEFORE TRUNCATE ON runs
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard();

-- The one way audit rows leave: deletes the events of the session's tenant recorded before
-- p_before (nanoseconds since the epoch) and its finished runs started before it, and records the
-- prune as an event of its own. Refuses the future, and (unless p_force) anything younger than
-- the setting audit-prune-min-age (seconds; a day when unset). Runs as the tables' owner; EXECUTE
-- is granted to the admin role only (`tarbox init --create-roles`).
CREATE FUNCTION tarbox_prune_audit(p_before bigint, p_force boolean) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    t bigint := tarbox_tenant();
    now_ns bigint := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint * 1000;
    min_age bigint := COALESCE((SELECT s.value FROM settings s WHERE s.name = 'audit-prune-min-age')::bigint, 86400);
    removed bigint;
BEGIN
    IF t IS NULL THEN
        RAISE EXCEPTION 'no tenant named (set tarbox.tenant_id)' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF p_before > now_ns THEN
        RAISE EXCEPTION 'cannot prune the future' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT p_force AND p_before > now_ns - min_age * 1000000000 THEN
        RAISE EXCEPTION 'refusing to prune events younger than the minimum age of % s (audit-prune-min-age)', min_age
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM set_config('tarbox.audit_prune', 'on', true);
    DELETE FROM audit_events WHERE tenant_id = t AND time_ns < p_before AND operation <> 'audit prune';
    GET DIAGNOSTICS removed = ROW_COUNT;
    DELETE FROM runs WHERE tenant_id = t AND started_ns < p_before AND status <> 'running';
    PERFORM set_config('tarbox.audit_prune', 'off', true);
    INSERT INTO audit_events (tenant_id, layer_id, run_id, module_hash, time_ns, operation, path, bytes, errno)
        VALUES (t, 0, NULL, NULL, now_ns, 'audit prune',
                'before ' || to_char(to_timestamp(p_before / 1000000000.0) AT TIME ZONE 'UTC',
                                     'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), removed, 0);
    RETURN removed;
END;
$$;
REVOKE EXECUTE ON FUNCTION tarbox_prune_audit(bigint, boolean) FROM PUBLIC;

-- Row-level security on every table that holds a tenant's rows, failing closed. The tenant a
-- session may see is a per-tenant role's own (tenant_roles, keyed on current_user, so no setting
-- changes it), else the tenant the session named in tarbox.tenant_id, else NULL: a session that
-- named no tenant (and is no per-tenant role) sees and changes nothing. The expression is written
-- into each policy (an uncorrelated subquery: evaluated once per statement, planned with it) and
-- is also the function tarbox_tenant() of the functions above; one text, below, makes both.
-- FORCE: the owner is held too (superusers and BYPASSRLS roles never are). On `tenants` one more
-- case: tarbox_tenants() (SECURITY DEFINER, so running as the tables' owner) turns
-- tarbox.list_tenants on to read every tenant's row; the switch counts for the owner only.
DO $$
DECLARE
    t text;
    session_tenant constant text := '(COALESCE((SELECT r.tenant_id FROM tenant_roles r WHERE r.role_name = current_user),'
        || ' NULLIF(current_setting(''tarbox.tenant_id'', true), '''')::bigint))';
BEGIN
    EXECUTE 'CREATE FUNCTION tarbox_tenant() RETURNS bigint LANGUAGE sql STABLE AS $f$ SELECT '
        || session_tenant || ' $f$';
    FOREACH t IN ARRAY ARRAY['inodes', 'dirents', 'chunks', 'file_chunks', 'layers', 'snapshots'] LOOP
        EXECUTE format('DROP POLICY tenant_wall ON %I', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['inodes', 'dirents', 'chunks', 'file_chunks', 'layers', 'snapshots',
                             'audit_events', 'runs'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY tenant_wall ON %I USING (tenant_id = %s)', t, session_tenant);
    END LOOP;
    DROP POLICY tenant_wall ON tenants;
    EXECUTE format('CREATE POLICY tenant_wall ON tenants USING (id = %s OR CASE'
        || ' WHEN current_setting(''tarbox.list_tenants'', true) = ''on'''
        || ' THEN (SELECT c.relowner FROM pg_class c WHERE c.oid = ''tenants''::regclass)'
        || '      = (SELECT u.oid FROM pg_roles u WHERE u.rolname = current_user)'
        || ' ELSE false END)', session_tenant);
END $$;
