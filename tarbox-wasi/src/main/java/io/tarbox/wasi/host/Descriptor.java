package io.tarbox.wasi.host;

/** An entry of the guest's descriptor table: rights and fdflags common to every kind. */
abstract class Descriptor {
    long rightsBase;
    long rightsInheriting;
    int flags;

    Descriptor(long rightsBase, long rightsInheriting, int flags) {
        this.rightsBase = rightsBase;
        this.rightsInheriting = rightsInheriting;
        this.flags = flags;
    }

    /** The witx filetype reported by fd_fdstat_get. */
    abstract int filetype();
}
