package io.tarbox.storage.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link HoldAloneTest} on a SQLite file that two store instances share. */
class SqliteHoldAloneTest extends HoldAloneTest {
    @TempDir
    Path dir;

    @Override
    String location() {
        return dir.resolve("hold.db").toString();
    }
}
