package io.tarbox.storage.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link SmallFileSharingTest} on a SQLite file that two store instances share. */
class SqliteSmallFileSharingTest extends SmallFileSharingTest {
    @TempDir
    Path dir;

    @Override
    String location() {
        return dir.resolve("small.db").toString();
    }
}
