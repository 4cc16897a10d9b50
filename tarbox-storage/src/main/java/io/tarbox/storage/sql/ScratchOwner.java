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

    /** Whether the owning process has certainly ended (false when it runs, or on another host). */
    static boolean isGone(String owner) {
        if (owner == null) {
            return true;
        }
        int colon = owner.lastIndexOf(':');
        if (colon < 0 || !owner.substring(0, colon).equals(host())) {
            return false;
        }
        try {
            long pid = Long.parseLong(owner.substring(colon + 1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether the owning process runs on this host, where {@link #isGone} can tell (also used for runs). */
    static boolean isLocal(String owner) {
        int colon = owner == null ? -1 : owner.lastIndexOf(':');
        return colon > 0 && owner.substring(0, colon).equals(host());
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
