package io.tarbox.storage.sql;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What two Tarbox processes sharing one PostgreSQL database look like to a test: two stores (each
 * with its own connection, as separate processes have) on a fresh database, and the default
 * tenant's tree open in each.
 */
abstract class TwoPostgresProcesses {
    PostgresTestDatabase database;
    SqlStore storeA;
    SqlStore storeB;
    FilesystemInterface a;
    FilesystemInterface b;

    @BeforeEach
    void open() {
        database = PostgresTestDatabase.create();
        storeA = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        storeB = SqlStore.openPostgres(database.jdbcUrl(), database.url());
        a = storeA.openFilesystem(Tenant.DEFAULT);
        b = storeB.openFilesystem(Tenant.DEFAULT);
    }

    @AfterEach
    void close() {
        try {
            storeA.close();
            storeB.close();
        } finally {
            database.close();
        }
    }
}
