-- Tarbox schema, version 7 (SQLite): what `tarbox serve` needs. The same tables, columns and meaning
-- as db/migration/postgresql/V7__server.sql; PostgreSQL adds row-level security on dav_properties.

-- API tokens: each bound to one tenant and one scope (read, write, admin). Only the SHA-256 of the
-- secret is stored (hex); the secret is shown once, when the token is created.
CREATE TABLE tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    scope        TEXT NOT NULL CHECK (scope IN ('read', 'write', 'admin')),
    secret_hash  TEXT NOT NULL UNIQUE,
    created_ns   INTEGER NOT NULL,
    expires_ns   INTEGER,               -- NULL: never
    last_used_ns INTEGER,               -- updated at most once a minute
    revoked_ns   INTEGER                -- NULL: valid
);

-- The token a server request was made with (NULL for runs and CLI commands).
ALTER TABLE audit_events ADD COLUMN token TEXT;

-- WebDAV dead properties (PROPPATCH of properties the server does not compute), by inode.
CREATE TABLE dav_properties (
    tenant_id INTEGER NOT NULL,
    ino       INTEGER NOT NULL,
    name      TEXT NOT NULL,            -- {namespace}local
    value     TEXT NOT NULL,            -- the property element's content, as XML
    PRIMARY KEY (tenant_id, ino, name)
);
