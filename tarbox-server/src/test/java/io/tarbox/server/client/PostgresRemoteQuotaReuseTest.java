package io.tarbox.server.client;

class PostgresRemoteQuotaReuseTest extends RemoteQuotaReuseTest {
    @Override
    boolean postgres() {
        return true;
    }
}
