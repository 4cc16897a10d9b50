package io.tarbox.server;

class SqliteApiTest extends ApiTest {
    @Override
    boolean postgres() {
        return false;
    }
}
