package io.tarbox.storage.sql;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who owns a scratch layer, as recorded in {@code layers.owner} for people reading the database:
 * {@code host:pid} of the process running the {@code --atomic} or {@code --ephemeral} run. It is
 * not what {@code gc} trusts to tell a live run from a dead one (two containers may share a host
 * name and a pid): that is a lock the run holds (SqlDialect#holdScratch).
 */
final class ScratchOwner {
    private ScratchOwner() {}

    static String current() {
        return host() + ":" + ProcessHandle.current().pid();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
