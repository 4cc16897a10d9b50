package io.tarbox.server.client;

class SqliteRemoteConformanceTest extends RemoteConformanceTest {
    @Override
    boolean postgres() {
        return false;
    }
}
