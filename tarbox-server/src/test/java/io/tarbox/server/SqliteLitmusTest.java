package io.tarbox.server;

class SqliteLitmusTest extends LitmusTest {
    @Override
    boolean postgres() {
        return false;
    }
}
