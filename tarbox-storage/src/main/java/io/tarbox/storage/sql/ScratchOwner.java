package io.tarbox.storage.sql;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who owns a scratch layer: {@code host:pid} of the process running the {@code --atomic} or
 * {@code --ephemeral} run. A process killed mid-run leaves its layer behind; {@code gc} deletes it
 * once the owner is known to be gone, which it can only tell for processes of its own host.
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
