package io.tarbox.server.client;

class PostgresRemoteContractTest extends RemoteContractTest {
    @Override
    boolean postgres() {
        return true;
    }
}
