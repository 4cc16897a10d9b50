package io.tarbox.storage.sql;

import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RepairHoldsTenantTest} on PostgreSQL (a fresh database). */
class PostgresRepairHoldsTenantTest extends RepairHoldsTenantTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    String location() {
        return database.url();
    }
}
