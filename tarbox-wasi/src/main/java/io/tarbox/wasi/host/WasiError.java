package io.tarbox.wasi.host;

/**
 * The one error channel of the preview 1 host functions: a body throws the errno it fails with,
 * and {@link WasiFunction} writes it as the call's result, as it does for the contract's
 * {@link io.tarbox.core.fs.FsException} (mapped by {@link Errno#of}). Stackless and shared per
 * errno, so failing costs no more than returning a code.
 */
final class WasiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final WasiError[] BY_ERRNO = new WasiError[Errno.NOTCAPABLE + 1];

    static {
        for (int errno = 1; errno < BY_ERRNO.length; errno++) {
            BY_ERRNO[errno] = new WasiError(errno);
        }
    }

    private final int errno;

    private WasiError(int errno) {
        super(Errno.name(errno), null, false, false);
        this.errno = errno;
    }

    /** The error for {@code errno} (not zero), to throw. */
    static WasiError of(int errno) {
        return BY_ERRNO[errno];
    }

    int errno() {
        return errno;
    }
}
