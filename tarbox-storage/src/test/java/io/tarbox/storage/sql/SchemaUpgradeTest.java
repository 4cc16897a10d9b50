package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.layer.LayerInfo;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases written by earlier schemas open with every file intact: version 4 (before layers), whose
 * rows migration V5 puts into a base layer; and version 5 (layers, snapshots, the audit trail), whose
 * layers, snapshots, runs and events migration V6 keeps while it numbers layers and inodes per tenant.
 */
class SchemaUpgradeTest {
    @TempDir
    Path dir;

    @Test
    void sqliteVersion4TreeSurvivesTheLayersMigration() throws Exception {
        String file = dir.resolve("old.db").toString();
        check(SqlDialect.SQLITE, file, () -> SqlStore.openSqlite(Path.of(file)));
    }

    @Test
    void postgresVersion4TreeSurvivesTheLayersMigration() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            check(SqlDialect.POSTGRESQL, db.jdbcUrl(), () -> SqlStore.openPostgres(db.jdbcUrl(), db.url()));
        }
    }

    @Test
    void sqliteVersion5LayersAndTrailSurviveTheTrustMigration() throws Exception {
        String file = dir.resolve("v5.db").toString();
        checkVersion5(SqlDialect.SQLITE, file, () -> SqlStore.openSqlite(Path.of(file)));
    }

    @Test
    void postgresVersion5LayersAndTrailSurviveTheTrustMigration() throws Exception {
        try (PostgresTestDatabase db = PostgresTestDatabase.create()) {
            checkVersion5(SqlDialect.POSTGRESQL, db.jdbcUrl(), () -> SqlStore.openPostgres(db.jdbcUrl(), db.url()));
        }
    }

    /**
     * Two tenants as version 5 wrote them: "default" on layer 3 over its snapshot "snap" (layer 1),
     * "other" on layer 2; a file changed since the snapshot; a finished and an unfinished run.
     */
    private static void checkVersion5(SqlDialect dialect, String location, Opener opener) throws SQLException {
        Flyway.configure()
                .dataSource(dialect.dataSource(location))
                .locations(dialect.migrations())
                .target("5")
                .load()
                .migrate();
        try (Connection c = dialect.connect(location)) {
            c.setAutoCommit(true);
            exec(
                    c,
                    "INSERT INTO tenants (name, created_ns, next_ino, version, top_layer) VALUES ('default', 1, 4, 7, 3)");
            exec(
                    c,
                    "INSERT INTO tenants (name, created_ns, next_ino, version, top_layer) VALUES ('other', 1, 3, 1, 2)");
            exec(c, "INSERT INTO layers (tenant_id, parent, scratch, owner, created_ns) VALUES (1, NULL, 0, NULL, 1)");
            exec(c, "INSERT INTO layers (tenant_id, parent, scratch, owner, created_ns) VALUES (2, NULL, 0, NULL, 1)");
            exec(c, "INSERT INTO layers (tenant_id, parent, scratch, owner, created_ns) VALUES (1, 1, 0, NULL, 2)");
            exec(
                    c,
                    "INSERT INTO snapshots (tenant_id, name, layer_id, message, created_ns, tag) VALUES (1, 'snap', 1, '', 2, 0)");
            exec(
                    c,
                    "INSERT INTO inodes (tenant_id, ino, layer_id, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
                            + " VALUES (1, 1, 1, 2, 493, 2, 0, 1, 1, 1)");
            exec(
                    c,
                    "INSERT INTO inodes (tenant_id, ino, layer_id, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
                            + " VALUES (2, 1, 2, 2, 493, 2, 0, 1, 1, 1)");
            inline(c, 1, 3, 1, "v1");
            inline(c, 1, 3, 3, "v2"); // copied up and changed after the snapshot
            exec(c, "INSERT INTO dirents (tenant_id, layer_id, parent, name, ino) VALUES (1, 1, 1, 'a', 3)");
            exec(
                    c,
                    "INSERT INTO runs (tenant_id, id, module, module_hash, started_ns, duration_ms, exit_code, files_changed)"
                            + " VALUES (1, 'done', 'm.wasm', 'h', 5, 10, 0, 1)");
            exec(
                    c,
                    "INSERT INTO runs (tenant_id, id, module, module_hash, started_ns, duration_ms, exit_code, files_changed)"
                            + " VALUES (1, 'cut', 'm.wasm', 'h', 6, -1, NULL, 0)");
            exec(
                    c,
                    "INSERT INTO audit_events (tenant_id, layer_id, run_id, module_hash, time_ns, operation, path, bytes, errno)"
                            + " VALUES (1, 3, 'done', 'h', 7, 'path_open', '/data/a', 0, 0)");
            if (dialect == SqlDialect.POSTGRESQL) {
                exec(c, "SELECT setval('inode_blocks', 2050, false)"); // blocks other tenants took
            }
        }
        try (SqlStore store = opener.open()) {
            assertEquals(Schema.LATEST, store.schemaVersion());
            for (String tenant : new String[] {"default", "other"}) {
                assertTrue(
                        store.fsck(tenant).consistent(),
                        () -> store.fsck(tenant).problems().toString());
            }
            assertEquals(
                    List.of("done:EXITED", "cut:UNKNOWN"),
                    store.runs("default").stream()
                            .map(r -> r.id() + ":" + r.status())
                            .toList(),
                    "an unfinished run of version 5: whose process is unknown");
            assertEquals(
                    List.of("path_open /data/a"),
                    store.audit("default", io.tarbox.core.audit.AuditQuery.all()).stream()
                            .map(e -> e.operation() + " " + e.path())
                            .toList());
            try (FilesystemInterface snap = store.openSnapshot("default", "snap")) {
                assertEquals(
                        "v1",
                        new String(read(snap, snap.lookup(snap.rootIno(), "a").ino()), StandardCharsets.UTF_8));
            }
            try (LayeredFilesystem fs = store.openFilesystem("default")) {
                assertEquals(3, fs.currentLayerId(), "layer ids are kept");
                assertEquals(
                        "v2", new String(read(fs, fs.lookup(fs.rootIno(), "a").ino()), StandardCharsets.UTF_8));
                assertEquals(4, fs.create(fs.rootIno(), "new", 0644, true).ino(), "inode numbers continue per tenant");
                fs.createSnapshot("after", "");
                assertEquals(4, fs.currentLayerId(), "and layer numbers");
            }
            try (LayeredFilesystem other = store.openFilesystem("other")) {
                other.createSnapshot("o", "");
                assertEquals(3, other.currentLayerId(), "the other tenant numbers its own layers: 3 again");
                assertEquals(3, other.create(other.rootIno(), "x", 0644, true).ino());
            }
        }
    }

    private static void inline(Connection c, long tenant, long ino, long layer, String text) throws SQLException {
        PreparedStatement st =
                c.prepareStatement("INSERT INTO inodes (tenant_id, ino, layer_id, type, mode, nlink, size,"
                        + " atime_ns, mtime_ns, ctime_ns, inline_data) VALUES (?, ?, ?, 1, 420, 1, ?, 1, 1, 1, ?)");
        st.setLong(1, tenant);
        st.setLong(2, ino);
        st.setLong(3, layer);
        st.setLong(4, text.length());
        st.setBytes(5, text.getBytes(StandardCharsets.UTF_8));
        st.executeUpdate();
    }

    private interface Opener {
        SqlStore open();
    }

    private static void check(SqlDialect dialect, String location, Opener opener) throws SQLException {
        Flyway.configure()
                .dataSource(dialect.dataSource(location))
                .locations(dialect.migrations())
                .target("4")
                .load()
                .migrate();
        byte[] chunk = new byte[ChunkStore.CHUNK_SIZE];
        Arrays.fill(chunk, (byte) 7);
        try (Connection c = dialect.connect(location)) {
            c.setAutoCommit(true);
            exec(c, "INSERT INTO tenants (name, created_ns, next_ino, version) VALUES ('default', 1, 10, 3)");
            long t = 1; // the first tenant
            exec(
                    c,
                    "INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
                            + " VALUES (" + t + ", 1, 2, 493, 3, 0, 1, 1, 1)");
            exec(
                    c,
                    "INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
                            + " VALUES (" + t + ", 2, 2, 493, 2, 0, 1, 1, 1)");
            PreparedStatement inline = c.prepareStatement("INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size,"
                    + " atime_ns, mtime_ns, ctime_ns, inline_data) VALUES (?, 3, 1, 420, 1, 5, 1, 1, 1, ?)");
            inline.setLong(1, t);
            inline.setBytes(2, "hello".getBytes(StandardCharsets.UTF_8));
            inline.executeUpdate();
            exec(
                    c,
                    "INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
                            + " VALUES (" + t + ", 4, 1, 420, 1, " + chunk.length + ", 1, 1, 1)");
            exec(c, "INSERT INTO dirents (tenant_id, parent, name, ino) VALUES (" + t + ", 1, 'dir', 2)");
            exec(c, "INSERT INTO dirents (tenant_id, parent, name, ino) VALUES (" + t + ", 2, 'small.txt', 3)");
            exec(c, "INSERT INTO dirents (tenant_id, parent, name, ino) VALUES (" + t + ", 1, 'big.bin', 4)");
            ChunkHash hash = ChunkHash.of(chunk, chunk.length);
            PreparedStatement data = c.prepareStatement("INSERT INTO chunks (tenant_id, hash, data) VALUES (?, ?, ?)");
            data.setLong(1, t);
            data.setBytes(2, hash.bytes());
            data.setBytes(3, chunk);
            data.executeUpdate();
            PreparedStatement map =
                    c.prepareStatement("INSERT INTO file_chunks (tenant_id, ino, idx, hash) VALUES (?, 4, 0, ?)");
            map.setLong(1, t);
            map.setBytes(2, hash.bytes());
            map.executeUpdate();
            if (dialect == SqlDialect.POSTGRESQL) {
                exec(c, "SELECT setval('inode_blocks', 10, false)"); // as version 4 kept it: past every inode
            }
        }
        try (SqlStore store = opener.open()) {
            assertEquals(Schema.LATEST, store.schemaVersion());
            assertTrue(
                    store.fsck("default").consistent(),
                    () -> store.fsck("default").problems().toString());
            try (LayeredFilesystem fs = store.openFilesystem("default")) {
                LayerInfo layer = fs.currentLayer();
                assertEquals(0, layer.parent());
                assertEquals(LayerInfo.State.CURRENT, layer.state());
                long small = fs.lookup(fs.lookup(fs.rootIno(), "dir").ino(), "small.txt")
                        .ino();
                assertEquals("hello", new String(read(fs, small), StandardCharsets.UTF_8));
                assertArrayEquals(
                        chunk, read(fs, fs.lookup(fs.rootIno(), "big.bin").ino()));
                fs.createSnapshot("after-upgrade", "");
                fs.unlink(fs.rootIno(), "big.bin");
                fs.restore("after-upgrade", true);
                assertArrayEquals(
                        chunk, read(fs, fs.lookup(fs.rootIno(), "big.bin").ino()));
                assertEquals(10, fs.create(fs.rootIno(), "new", 0644, true).ino(), "inode numbers continue");
            }
        }
    }

    private static byte[] read(FilesystemInterface fs, long ino) {
        byte[] out = new byte[(int) fs.getattr(ino).size()];
        fs.read(ino, 0, out, 0, out.length);
        return out;
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
