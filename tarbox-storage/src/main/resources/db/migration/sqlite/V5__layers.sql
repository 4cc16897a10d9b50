-- Tarbox schema, version 5 (SQLite): layers and snapshots.
-- A tenant's tree is a chain of layers (tenants.top_layer, then each layer's parent). Rows of
-- inodes, dirents and file_chunks belong to one layer; a read takes the row of the highest layer
-- of the chain that has one. A dirent with ino 0 is a whiteout (the name was removed in that
-- layer); an inode with type 0 is a tombstone (the inode was freed in that layer). An inode's
-- chunk map lives in the same layer as the inode row it belongs to. Layer ids only grow, so a
-- child layer's id is always larger than its parent's: "higher in the chain" is "larger id".

CREATE TABLE layers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL,
    parent     INTEGER,              -- NULL for a base layer
    scratch    INTEGER NOT NULL,     -- 1: a run's private layer (--atomic, --ephemeral)
    owner      TEXT,                 -- scratch layers: host and pid of the run's process
    created_ns INTEGER NOT NULL
);
CREATE INDEX layers_by_tenant ON layers (tenant_id, parent);

CREATE TABLE snapshots (
    tenant_id  INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    layer_id   INTEGER NOT NULL,
    message    TEXT    NOT NULL,
    created_ns INTEGER NOT NULL,
    tag        INTEGER NOT NULL,     -- 1: a second name for a snapshot's layer
    PRIMARY KEY (tenant_id, name)
);

INSERT INTO layers (tenant_id, parent, scratch, owner, created_ns)
    SELECT id, NULL, 0, NULL, created_ns FROM tenants ORDER BY id;
ALTER TABLE tenants ADD COLUMN top_layer INTEGER NOT NULL DEFAULT 0;
UPDATE tenants SET top_layer = (SELECT l.id FROM layers l WHERE l.tenant_id = tenants.id);

-- SQLite cannot change a primary key: each table is rebuilt with layer_id in its keys.
CREATE TABLE inodes_v5 (
    tenant_id      INTEGER NOT NULL,
    ino            INTEGER NOT NULL,
    layer_id       INTEGER NOT NULL,
    type           INTEGER NOT NULL,   -- 0 tombstone, 1 regular file, 2 directory, 3 symlink
    mode           INTEGER NOT NULL,
    nlink          INTEGER NOT NULL,
    size           INTEGER NOT NULL,
    atime_ns       INTEGER NOT NULL,
    mtime_ns       INTEGER NOT NULL,
    ctime_ns       INTEGER NOT NULL,
    symlink_target TEXT,
    inline_data    BLOB,
    PRIMARY KEY (tenant_id, ino, layer_id)
);
INSERT INTO inodes_v5 SELECT i.tenant_id, i.ino, t.top_layer, i.type, i.mode, i.nlink, i.size, i.atime_ns,
    i.mtime_ns, i.ctime_ns, i.symlink_target, i.inline_data FROM inodes i JOIN tenants t ON t.id = i.tenant_id;
DROP TABLE inodes;
ALTER TABLE inodes_v5 RENAME TO inodes;
CREATE INDEX inodes_orphans ON inodes (tenant_id, layer_id) WHERE nlink = 0;
CREATE INDEX inodes_by_layer ON inodes (layer_id);

CREATE TABLE dirents_v5 (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id INTEGER NOT NULL,
    layer_id  INTEGER NOT NULL,
    parent    INTEGER NOT NULL,
    name      TEXT    NOT NULL,
    ino       INTEGER NOT NULL,       -- 0: a whiteout
    UNIQUE (tenant_id, parent, name, layer_id)
);
INSERT INTO dirents_v5 SELECT d.id, d.tenant_id, t.top_layer, d.parent, d.name, d.ino
    FROM dirents d JOIN tenants t ON t.id = d.tenant_id;
DROP TABLE dirents;
ALTER TABLE dirents_v5 RENAME TO dirents;
CREATE INDEX dirents_by_cookie ON dirents (tenant_id, parent, id);
CREATE INDEX dirents_by_ino ON dirents (tenant_id, ino);
CREATE INDEX dirents_by_layer ON dirents (layer_id);

CREATE TABLE file_chunks_v5 (
    tenant_id INTEGER NOT NULL,
    ino       INTEGER NOT NULL,
    layer_id  INTEGER NOT NULL,
    idx       INTEGER NOT NULL,
    hash      BLOB    NOT NULL,
    PRIMARY KEY (tenant_id, ino, layer_id, idx)
);
INSERT INTO file_chunks_v5 SELECT f.tenant_id, f.ino, t.top_layer, f.idx, f.hash
    FROM file_chunks f JOIN tenants t ON t.id = f.tenant_id;
DROP TABLE file_chunks;
ALTER TABLE file_chunks_v5 RENAME TO file_chunks;
CREATE INDEX file_chunks_by_hash ON file_chunks (tenant_id, hash);
CREATE INDEX file_chunks_by_layer ON file_chunks (layer_id);
