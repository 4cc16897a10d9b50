package io.tarbox.server;

class PostgresDavCurlTest extends DavCurlTest {
    @Override
    boolean postgres() {
        return true;
    }
}
