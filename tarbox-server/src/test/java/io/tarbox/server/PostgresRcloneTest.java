package io.tarbox.server;

class PostgresRcloneTest extends RcloneTest {
    @Override
    boolean postgres() {
        return true;
    }
}
