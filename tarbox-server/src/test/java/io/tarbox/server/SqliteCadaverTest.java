package io.tarbox.server;

class SqliteCadaverTest extends CadaverTest {
    @Override
    boolean postgres() {
        return false;
    }
}
