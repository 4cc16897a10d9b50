package io.tarbox.storage.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link ForgetTest} on a SQLite file that two store instances share. */
class SqliteForgetTest extends ForgetTest {
    @TempDir
    Path dir;

    @Override
    String location() {
        return dir.resolve("forget.db").toString();
    }
}
