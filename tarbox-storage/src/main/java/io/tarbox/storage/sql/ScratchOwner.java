package io.tarbox.storage.sql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who owns a scratch layer, as recorded in {@code layers.owner} for people reading the database:
 * {@code host:pid} of the process running the {@code --atomic} or {@code --ephemeral} run. It is
 * not what {@code gc} trusts to tell a live run from a dead one (two containers may share a host
 * name and a pid): that is a lock the run holds (SqlDialect#holdScratch).
 */
final class ScratchOwner {
    private ScratchOwner() {}

    static String current() {
        return host() + ":" + Self.PID;
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
        return Self.HOST;
    }

    /**
     * This process's host name and pid, read once from Linux's /proc where it can: a run records
     * them as it starts, and the usual ways cost that start 12 ms (ProcessHandle starts its reaper's
     * machinery) and a name lookup ({@code InetAddress.getLocalHost} resolves the host's own name,
     * which waits on DNS when /etc/hosts does not have it).
     */
    private static final class Self {
        static final String HOST = readHost();
        static final long PID = readPid();

        private static String readHost() {
            try {
                String name =
                        Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException e) {
                // not Linux: ask the JDK
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }

        private static long readPid() {
            try {
                return Long.parseLong(
                        Files.readSymbolicLink(Path.of("/proc/self")).toString());
            } catch (IOException | RuntimeException e) {
                return ProcessHandle.current().pid();
            }
        }
    }
}
