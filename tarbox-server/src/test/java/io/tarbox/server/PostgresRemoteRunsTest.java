package io.tarbox.server;

class PostgresRemoteRunsTest extends RemoteRunsTest {
    @Override
    boolean postgres() {
        return true;
    }
}
