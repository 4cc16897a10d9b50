package io.tarbox.server;

class PostgresLitmusTest extends LitmusTest {
    @Override
    boolean postgres() {
        return true;
    }
}
