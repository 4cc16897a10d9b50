package io.tarbox.storage.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link TreeRaceTest} on a SQLite file that two store instances share. */
class SqliteTreeRaceTest extends TreeRaceTest {
    @TempDir
    Path dir;

    @Override
    String location() {
        return dir.resolve("race.db").toString();
    }
}
