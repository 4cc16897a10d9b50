package io.tarbox.storage.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.core.layer.LayeredFilesystem;
import io.tarbox.core.model.Tenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLayersTest extends LayersTest {
    @TempDir
    Path dir;

    @Override
    protected SqlStore openStore() {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }

    @Override
    protected Connection rawConnection() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("tarbox.db"));
    }

    /** A database reached through a symbolic link is the same database to the tenant locks. */
    @Test
    @SuppressWarnings("try") // the tree is opened only to hold the tenant
    void aTreeOpenedThroughASymlinkStillHoldsTheTenant() throws Exception {
        Path real = dir.resolve("real.db");
        SqlStore.openSqlite(real).close();
        Path link = Files.createSymbolicLink(dir.resolve("link.db"), real);
        try (SqlStore viaLink = SqlStore.openSqlite(link);
                SqlStore direct = SqlStore.openSqlite(real);
                LayeredFilesystem running = viaLink.openFilesystem(Tenant.DEFAULT);
                LayeredFilesystem fs = direct.openFilesystem(Tenant.DEFAULT)) {
            FsException e = assertThrows(FsException.class, () -> fs.createSnapshot("s1", ""));
            assertEquals(FsError.BUSY, e.error());
        }
    }
}
