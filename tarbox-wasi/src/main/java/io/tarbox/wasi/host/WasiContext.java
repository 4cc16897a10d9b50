package io.tarbox.wasi.host;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.wasi.Preopen;
import io.tarbox.wasi.RunAudit;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.Stdio;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** The state one guest run shares between the WASI concept classes. */
final class WasiContext {
    final List<byte[]> args;
    final List<byte[]> environ;
    final FdTable fds = new FdTable();
    final WasiClocks clocks = new WasiClocks();
    final Random random;
    final List<Mount> mounts = new ArrayList<>();
    /** The preopens' filesystems, each once. */
    final Set<FilesystemInterface> filesystems;

    final RunLimits limits;
    /** Records the run's file operations; null when the run is not audited. */
    final AuditRecorder audit;

    WasiContext(
            List<String> args,
            List<String> environ,
            List<Preopen> preopens,
            Stdio stdio,
            Random random,
            RunLimits limits) {
        this(args, environ, preopens, stdio, random, limits, null);
    }

    WasiContext(
            List<String> args,
            List<String> environ,
            List<Preopen> preopens,
            Stdio stdio,
            Random random,
            RunLimits limits,
            RunAudit runAudit) {
        this.limits = limits;
        this.args = utf8(args);
        this.environ = utf8(environ);
        this.random = random == null ? new SecureRandom() : random;
        this.audit = runAudit == null ? null : new AuditRecorder(runAudit, fds);
        fds.add(StreamDescriptor.input(stdio.in(), stdio.terminal()));
        fds.add(StreamDescriptor.output(stdio.out(), stdio.terminal()));
        fds.add(StreamDescriptor.output(stdio.err(), stdio.terminal()));
        Map<FilesystemInterface, Long> devices = new IdentityHashMap<>();
        for (Preopen preopen : preopens) {
            long dev = devices.computeIfAbsent(preopen.fs(), fs -> (long) devices.size() + 1);
            Mount mount = new Mount(preopen, dev);
            mounts.add(mount);
            DirectoryDescriptor root = new DirectoryDescriptor(
                    mount, preopen.rootIno(), Rights.DIRECTORY, Rights.INHERITABLE, preopen.guestPath());
            fds.add(root);
            if (audit != null) {
                audit.preopened(root, preopen.guestPath());
            }
        }
        filesystems = devices.keySet();
        fds.limitAdditional(limits.maxOpenFiles());
    }

    private static List<byte[]> utf8(List<String> strings) {
        List<byte[]> out = new ArrayList<>(strings.size());
        for (String s : strings) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }
}
