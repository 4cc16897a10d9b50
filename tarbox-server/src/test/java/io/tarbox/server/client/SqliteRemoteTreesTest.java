package io.tarbox.server.client;

class SqliteRemoteTreesTest extends RemoteTreesTest {
    @Override
    boolean postgres() {
        return false;
    }
}
