package io.tarbox.wasi;

import io.tarbox.storage.sql.SqlStore;

class SqliteReaddirCookiesTest extends ReaddirCookiesTest {
    @Override
    SqlStore openStore() {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }
}
