package io.tarbox.server.client;

class PostgresRemoteConformanceTest extends RemoteConformanceTest {
    @Override
    boolean postgres() {
        return true;
    }
}
