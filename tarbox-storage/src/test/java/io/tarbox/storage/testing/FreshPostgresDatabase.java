package io.tarbox.storage.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link PostgresTestDatabase} per test method, as a JUnit extension: a PostgreSQL subclass of a
 * backend-neutral test registers one and answers {@code location()} with {@link #url()}, instead of
 * creating and dropping the database itself.
 *
 * <pre>{@code
 * @RegisterExtension
 * final FreshPostgresDatabase database = new FreshPostgresDatabase();
 * }</pre>
 */
public final class FreshPostgresDatabase implements BeforeEachCallback, AfterEachCallback {
    private PostgresTestDatabase database;

    @Override
    public void beforeEach(ExtensionContext context) {
        database = PostgresTestDatabase.create();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** The URL of this test's database, as a user gives it ({@code postgresql://…}). */
    public String url() {
        return database.url();
    }

    /** The JDBC URL of this test's database, for {@code SqlStore.openPostgres}. */
    public String jdbcUrl() {
        return database.jdbcUrl();
    }
}
