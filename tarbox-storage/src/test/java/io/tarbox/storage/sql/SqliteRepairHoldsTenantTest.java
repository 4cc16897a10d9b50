package io.tarbox.storage.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link RepairHoldsTenantTest} on a SQLite file that two store instances share. */
class SqliteRepairHoldsTenantTest extends RepairHoldsTenantTest {
    @TempDir
    Path dir;

    @Override
    String location() {
        return dir.resolve("repair.db").toString();
    }
}
