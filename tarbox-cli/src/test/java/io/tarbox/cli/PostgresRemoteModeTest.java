package io.tarbox.cli;

class PostgresRemoteModeTest extends RemoteModeTest {
    @Override
    boolean postgres() {
        return true;
    }
}
