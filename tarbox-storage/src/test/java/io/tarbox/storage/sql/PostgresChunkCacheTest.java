package io.tarbox.storage.sql;

import io.tarbox.storage.testing.FreshPostgresDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ChunkCacheTest} on PostgreSQL (a fresh database). */
class PostgresChunkCacheTest extends ChunkCacheTest {
    @RegisterExtension
    final FreshPostgresDatabase database = new FreshPostgresDatabase();

    @Override
    String location() {
        return database.url();
    }
}
