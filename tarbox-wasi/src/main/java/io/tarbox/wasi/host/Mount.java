package io.tarbox.wasi.host;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.Preopen;

/**
 * A preopen as the hosts (preview 1 and WASI 0.2) use it: its filesystem and its device number.
 */
public final class Mount {
    final Preopen preopen;
    final FilesystemInterface fs;
    /** Reported as filestat.dev; one number per filesystem instance. */
    final long dev;

    public Mount(Preopen preopen, long dev) {
        this.preopen = preopen;
        this.fs = preopen.fs();
        this.dev = dev;
    }

    public Preopen preopen() {
        return preopen;
    }

    public FilesystemInterface fs() {
        return fs;
    }

    public long dev() {
        return dev;
    }

    /** Refuses a mutating call on a read-only preopen with EPERM, as wasmtime does. */
    public void requireWritable() {
        if (preopen.readOnly()) {
            throw new FsException(FsError.NOT_PERMITTED, "read-only preopen " + preopen.guestPath());
        }
    }
}
