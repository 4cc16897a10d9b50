package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import java.nio.file.Path;

/** {@link ControlFilesRunTest} on an embedded SQLite database. */
class SqliteControlFilesRunTest extends ControlFilesRunTest {
    @Override
    SqlStore openStore(Path dir) {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }
}
