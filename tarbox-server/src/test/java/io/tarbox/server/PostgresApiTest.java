package io.tarbox.server;

class PostgresApiTest extends ApiTest {
    @Override
    boolean postgres() {
        return true;
    }
}
