package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;

class SqliteQuotaReuseTest extends QuotaReuseTest {
    @Override
    SqlStore openStore() {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }
}
