package io.tarbox.server;

class SqliteRcloneTest extends RcloneTest {
    @Override
    boolean postgres() {
        return false;
    }
}
