package io.tarbox.server.client;

class SqliteRemoteContractTest extends RemoteContractTest {
    @Override
    boolean postgres() {
        return false;
    }
}
