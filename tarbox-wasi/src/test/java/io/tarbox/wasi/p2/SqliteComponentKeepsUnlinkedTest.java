package io.tarbox.wasi.p2;

import io.tarbox.storage.sql.SqlStore;

class SqliteComponentKeepsUnlinkedTest extends ComponentKeepsUnlinkedTest {
    @Override
    SqlStore openStore() {
        return SqlStore.openSqlite(dir.resolve("tarbox.db"));
    }
}
