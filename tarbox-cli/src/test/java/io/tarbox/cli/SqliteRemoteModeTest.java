package io.tarbox.cli;

class SqliteRemoteModeTest extends RemoteModeTest {
    @Override
    boolean postgres() {
        return false;
    }
}
