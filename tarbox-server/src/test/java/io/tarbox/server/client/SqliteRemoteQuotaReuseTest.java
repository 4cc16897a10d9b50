package io.tarbox.server.client;

class SqliteRemoteQuotaReuseTest extends RemoteQuotaReuseTest {
    @Override
    boolean postgres() {
        return false;
    }
}
