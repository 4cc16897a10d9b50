package io.tarbox.wasi;

import io.tarbox.core.fs.FilesystemInterface;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** The state one guest run shares between the WASI concept classes. */
final class WasiContext {
    final List<byte[]> args;
    final List<byte[]> environ;
    final FdTable fds = new FdTable();
    final WasiClocks clocks = new WasiClocks();
    final Random random;
    final List<Mount> mounts = new ArrayList<>();
    final RunLimits limits;

    WasiContext(List<String> args, List<String> environ, List<Preopen> preopens, Stdio stdio, Random random,
            RunLimits limits) {
        this.limits = limits;
        this.args = utf8(args);
        this.environ = utf8(environ);
        this.random = random == null ? new SecureRandom() : random;
        fds.add(StreamDescriptor.input(stdio.in(), stdio.terminal()));
        fds.add(StreamDescriptor.output(stdio.out(), stdio.terminal()));
        fds.add(StreamDescriptor.output(stdio.err(), stdio.terminal()));
        Map<FilesystemInterface, Long> devices = new IdentityHashMap<>();
        for (Preopen preopen : preopens) {
            long dev = devices.computeIfAbsent(preopen.fs(), fs -> (long) devices.size() + 1);
            Mount mount = new Mount(preopen, dev);
            mounts.add(mount);
            fds.add(new DirectoryDescriptor(mount, preopen.rootIno(), Rights.DIRECTORY, Rights.INHERITABLE,
                    preopen.guestPath()));
        }
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
