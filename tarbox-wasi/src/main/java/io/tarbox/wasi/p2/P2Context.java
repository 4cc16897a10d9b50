package io.tarbox.wasi.p2;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunAudit;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.host.GuestInput;
import io.tarbox.wasi.host.Mount;
import io.tarbox.wasi.host.WasiClocks;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The state one WASI 0.2 run shares between the interface hosts. */
final class P2Context {
    final List<String> args;
    final List<String> environ;
    final GuestInput stdin;
    final Stdio stdio;
    final List<Mount> mounts = new ArrayList<>();
    /** The preopens' filesystems, each once. */
    private final Set<FilesystemInterface> filesystems;

    final RunLimits limits;
    final Random random = new SecureRandom();
    final WasiClocks clocks = new WasiClocks();
    /** Null when the run is not audited. */
    final P2Audit audit;
    /** Descriptors opened with open-at and not yet dropped (--max-open-files). */
    long open;

    P2Context(
            List<String> args,
            List<String> environ,
            List<Preopen> preopens,
            Stdio stdio,
            RunLimits limits,
            RunAudit audit) {
        this.args = List.copyOf(args);
        this.environ = List.copyOf(environ);
        this.stdio = stdio;
        this.stdin = new GuestInput(stdio.in());
        this.limits = limits;
        Map<FilesystemInterface, Long> devices = new IdentityHashMap<>();
        for (Preopen preopen : preopens) {
            long dev = devices.computeIfAbsent(preopen.fs(), fs -> (long) devices.size() + 1);
            mounts.add(new Mount(preopen, dev));
        }
        this.filesystems = devices.keySet();
        // This host does not say which files its descriptors hold: while it runs, nothing unlinked
        // is freed under it (by another user of a shared tree, the server's).
        filesystems.forEach(FilesystemInterface::keepUnlinked);
        this.audit = audit == null ? null : new P2Audit(audit, this::syncAll);
    }

    /** Ends the run: lets its filesystems free unlinked files again and commits them. */
    void finish() {
        filesystems.forEach(FilesystemInterface::stopKeepingUnlinked);
        syncAll();
    }

    /** Commits every preopen's filesystem (each once), as at the end of every run. */
    void syncAll() {
        filesystems.forEach(FilesystemInterface::syncAll);
    }
}
