package io.tarbox.server.client;

class PostgresRemoteTreesTest extends RemoteTreesTest {
    @Override
    boolean postgres() {
        return true;
    }
}
