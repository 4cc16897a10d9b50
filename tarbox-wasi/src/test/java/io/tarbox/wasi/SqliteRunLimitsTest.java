package io.tarbox.wasi;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The run limits over an embedded SQLite database. */
class SqliteRunLimitsTest extends RunLimitsTest {
    @TempDir
    Path dir;

    @Override
    String database() {
        return dir.resolve("tarbox.db").toString();
    }
}
