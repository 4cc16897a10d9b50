package io.tarbox.server;

class SqliteChromiumTest extends ChromiumTest {
    @Override
    boolean postgres() {
        return false;
    }
}
