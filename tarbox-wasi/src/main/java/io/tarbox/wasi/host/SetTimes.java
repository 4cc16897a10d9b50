package io.tarbox.wasi.host;

import io.tarbox.core.fs.SetAttributes;

/** Turns the (atim, mtim, fst_flags) triple of the two set-times calls into contract attributes. */
final class SetTimes {
    private SetTimes() {}

    /**
     * The changes to make, or null when the flags are invalid (a time both given and "now", or an
     * unknown bit): EINVAL, as wasmtime. "Now" is read once, so atime and mtime agree.
     */
    static SetAttributes of(long atim, long mtim, int fstFlags, WasiClocks clocks) {
        if ((fstFlags & ~0xF) != 0
                || (Flags.set(fstFlags, Flags.FST_ATIM) && Flags.set(fstFlags, Flags.FST_ATIM_NOW))
                || (Flags.set(fstFlags, Flags.FST_MTIM) && Flags.set(fstFlags, Flags.FST_MTIM_NOW))) {
            return null;
        }
        boolean now = Flags.set(fstFlags, Flags.FST_ATIM_NOW) || Flags.set(fstFlags, Flags.FST_MTIM_NOW);
        long nowNs = now ? clocks.realtime() : 0;
        Long a = Flags.set(fstFlags, Flags.FST_ATIM)
                ? Long.valueOf(atim)
                : Flags.set(fstFlags, Flags.FST_ATIM_NOW) ? Long.valueOf(nowNs) : null;
        Long m = Flags.set(fstFlags, Flags.FST_MTIM)
                ? Long.valueOf(mtim)
                : Flags.set(fstFlags, Flags.FST_MTIM_NOW) ? Long.valueOf(nowNs) : null;
        return SetAttributes.times(a, m);
    }
}
