package io.tarbox.server;

class PostgresServerRunTest extends ServerRunTest {
    @Override
    boolean postgres() {
        return true;
    }
}
