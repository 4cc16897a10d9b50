package io.tarbox.storage.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLayersTest extends LayersTest {
    @TempDir
    Path dir;

    @Override
    protected SqlStore openStore() {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }
}
