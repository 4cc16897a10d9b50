package io.tarbox.server;

class SqliteServerRunTest extends ServerRunTest {
    @Override
    boolean postgres() {
        return false;
    }
}
