package io.tarbox.server;

class PostgresChromiumTest extends ChromiumTest {
    @Override
    boolean postgres() {
        return true;
    }
}
