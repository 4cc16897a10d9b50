-- Tarbox schema, version 7 (PostgreSQL): what `tarbox serve` needs. The same tables, columns and
-- meaning as db/migration/sqlite/V7__server.sql, plus row-level security on dav_properties.

-- API tokens: each bound to one tenant and one scope (read, write, admin). Only the SHA-256 of the
-- secret is stored (hex); the secret is shown once, when the token is created. Not behind
-- row-level security: a request's token is looked up before its tenant is known; per-tenant roles
-- are granted nothing on it (PostgresRoles).
CREATE TABLE tokens (
    id           bigserial PRIMARY KEY,
    name         text NOT NULL UNIQUE,
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    scope        text NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    secret_hash  text NOT NULL UNIQUE,
    created_ns   bigint NOT NULL,
    expires_ns   bigint,
    last_used_ns bigint,
    revoked_ns   bigint
);

ALTER TABLE audit_events ADD COLUMN token text;

CREATE TABLE dav_properties (
    tenant_id bigint NOT NULL,
    ino       bigint NOT NULL,
    name      text NOT NULL,
    value     text NOT NULL,
    PRIMARY KEY (tenant_id, ino, name)
);
ALTER TABLE dav_properties ENABLE ROW LEVEL SECURITY;
ALTER TABLE dav_properties FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_wall ON dav_properties USING (tenant_id = tarbox_tenant());
