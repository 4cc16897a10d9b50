-- Tarbox schema, version 1 (SQLite). Every table is keyed by tenant_id first: a query that names
-- no tenant cannot be written against these keys, and a later migration can add a layer id beside
-- tenant_id (layers/snapshots) without changing what a row means.

CREATE TABLE tenants (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE,
    created_ns INTEGER NOT NULL,
    -- next inode number to hand out; inodes are allocated in blocks from here
    next_ino   INTEGER NOT NULL
);

CREATE TABLE inodes (
    tenant_id      INTEGER NOT NULL,
    ino            INTEGER NOT NULL,
    type           INTEGER NOT NULL,   -- 1 regular file, 2 directory, 3 symlink
    mode           INTEGER NOT NULL,   -- permission bits only
    nlink          INTEGER NOT NULL,
    size           INTEGER NOT NULL,
    atime_ns       INTEGER NOT NULL,
    mtime_ns       INTEGER NOT NULL,
    ctime_ns       INTEGER NOT NULL,
    symlink_target TEXT,
    inline_data    BLOB,               -- the whole content of a small file; NULL when chunked
    PRIMARY KEY (tenant_id, ino)
);
-- unlinked inodes kept for open descriptors, freed when the filesystem closes (or at next open)
CREATE INDEX inodes_orphans ON inodes (tenant_id) WHERE nlink = 0;

CREATE TABLE dirents (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: the stable readdir cookie
    tenant_id INTEGER NOT NULL,
    parent    INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    ino       INTEGER NOT NULL,
    UNIQUE (tenant_id, parent, name)
);
CREATE INDEX dirents_by_cookie ON dirents (tenant_id, parent, id);
CREATE INDEX dirents_by_ino ON dirents (tenant_id, ino);

-- content-addressed chunk data, stored once per tenant
CREATE TABLE chunks (
    tenant_id INTEGER NOT NULL,
    hash      BLOB    NOT NULL,   -- SHA-256 of data
    data      BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, hash)
);

-- which chunk holds bytes [idx * chunk size, (idx + 1) * chunk size) of a file; missing = zeros
CREATE TABLE file_chunks (
    tenant_id INTEGER NOT NULL,
    ino       INTEGER NOT NULL,
    idx       INTEGER NOT NULL,
    hash      BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, ino, idx)
);
CREATE INDEX file_chunks_by_hash ON file_chunks (tenant_id, hash);
