package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** {@link ControlFilesRunTest} on PostgreSQL (a fresh database per test). */
class PostgresControlFilesRunTest extends ControlFilesRunTest {
    private PostgresTestDatabase database;

    @Override
    SqlStore openStore(Path dir) {
        database = PostgresTestDatabase.create();
        return SqlStore.openPostgres(database.jdbcUrl(), database.url());
    }

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }
}
