package io.tarbox.server;

class SqliteDavCurlTest extends DavCurlTest {
    @Override
    boolean postgres() {
        return false;
    }
}
