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
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database written by the previous schema (version 4, before layers) opens with every file intact:
 * migration V5 puts each tenant's rows into a base layer.
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

    private interface Opener {
        SqlStore open();
    }

    private static void check(SqlDialect dialect, String location, Opener opener) throws SQLException {
        Flyway.configure().dataSource(dialect.dataSource(location)).locations(dialect.migrations()).target("4")
                .load().migrate();
        byte[] chunk = new byte[ChunkStore.CHUNK_SIZE];
        Arrays.fill(chunk, (byte) 7);
        try (Connection c = dialect.connect(location)) {
            c.setAutoCommit(true);
            exec(c, "INSERT INTO tenants (name, created_ns, next_ino, version) VALUES ('default', 1, 10, 3)");
            long t = 1; // the first tenant
            exec(c, "INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
                    + " VALUES (" + t + ", 1, 2, 493, 3, 0, 1, 1, 1)");
            exec(c, "INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
                    + " VALUES (" + t + ", 2, 2, 493, 2, 0, 1, 1, 1)");
            PreparedStatement inline = c.prepareStatement("INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size,"
                    + " atime_ns, mtime_ns, ctime_ns, inline_data) VALUES (?, 3, 1, 420, 1, 5, 1, 1, 1, ?)");
            inline.setLong(1, t);
            inline.setBytes(2, "hello".getBytes(StandardCharsets.UTF_8));
            inline.executeUpdate();
            exec(c, "INSERT INTO inodes (tenant_id, ino, type, mode, nlink, size, atime_ns, mtime_ns, ctime_ns)"
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
            PreparedStatement map = c.prepareStatement("INSERT INTO file_chunks (tenant_id, ino, idx, hash) VALUES (?, 4, 0, ?)");
            map.setLong(1, t);
            map.setBytes(2, hash.bytes());
            map.executeUpdate();
            if (dialect == SqlDialect.POSTGRESQL) {
                exec(c, "SELECT setval('inode_blocks', 10, false)"); // as version 4 kept it: past every inode
            }
        }
        try (SqlStore store = opener.open()) {
            assertEquals(Schema.LATEST, store.schemaVersion());
            assertTrue(store.fsck("default").consistent(), () -> store.fsck("default").problems().toString());
            try (LayeredFilesystem fs = store.openFilesystem("default")) {
                LayerInfo layer = fs.currentLayer();
                assertEquals(0, layer.parent());
                assertEquals(LayerInfo.State.CURRENT, layer.state());
                long small = fs.lookup(fs.lookup(fs.rootIno(), "dir").ino(), "small.txt").ino();
                assertEquals("hello", new String(read(fs, small), StandardCharsets.UTF_8));
                assertArrayEquals(chunk, read(fs, fs.lookup(fs.rootIno(), "big.bin").ino()));
                fs.createSnapshot("after-upgrade", "");
                fs.unlink(fs.rootIno(), "big.bin");
                fs.restore("after-upgrade", true);
                assertArrayEquals(chunk, read(fs, fs.lookup(fs.rootIno(), "big.bin").ino()));
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
