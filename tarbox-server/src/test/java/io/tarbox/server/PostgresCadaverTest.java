package io.tarbox.server;

class PostgresCadaverTest extends CadaverTest {
    @Override
    boolean postgres() {
        return true;
    }
}
