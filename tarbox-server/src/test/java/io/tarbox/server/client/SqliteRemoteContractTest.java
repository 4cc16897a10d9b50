package io.tarbox.server.client;

import org.junit.jupiter.api.AfterAll;

class SqliteRemoteContractTest extends RemoteContractTest {
    private static RemoteFixture fixture;

    @Override
    RemoteFixture fixture() throws Exception {
        if (fixture == null) {
            fixture = start(false);
        }
        return fixture;
    }

    @AfterAll
    static void stopServer() {
        if (fixture != null) {
            fixture.close();
        }
    }
}
