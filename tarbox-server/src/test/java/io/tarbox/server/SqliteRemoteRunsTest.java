package io.tarbox.server;

class SqliteRemoteRunsTest extends RemoteRunsTest {
    @Override
    boolean postgres() {
        return false;
    }
}
