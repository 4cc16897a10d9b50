package io.tarbox.wasi.host;

import io.tarbox.core.fs.FsError;

/**
 * The errno values of wasi_snapshot_preview1 (witx {@code errno}), and the one mapping from the
 * filesystem contract's {@link FsError} to them. Host functions return these codes; zero is success.
 */
public final class Errno {
    public static final int SUCCESS = 0;
    public static final int ACCES = 2;
    public static final int AGAIN = 6;
    public static final int BADF = 8;
    public static final int BUSY = 10;
    public static final int EXIST = 20;
    public static final int FAULT = 21;
    public static final int FBIG = 22;
    public static final int ILSEQ = 25;
    public static final int INTR = 27;
    public static final int INVAL = 28;
    public static final int IO = 29;
    public static final int ISDIR = 31;
    public static final int LOOP = 32;
    public static final int MFILE = 33;
    public static final int NAMETOOLONG = 37;
    public static final int NOENT = 44;
    public static final int NOSPC = 51;
    public static final int NOSYS = 52;
    public static final int NOTDIR = 54;
    public static final int NOTEMPTY = 55;
    public static final int NOTSOCK = 57;
    public static final int NOTSUP = 58;
    public static final int OVERFLOW = 61;
    public static final int PERM = 63;
    public static final int PIPE = 64;
    public static final int ROFS = 69;
    public static final int SPIPE = 70;
    public static final int XDEV = 75;
    public static final int NOTCAPABLE = 76;

    private Errno() {}

    /** The errno a guest sees for a contract error. This is the only such mapping in Tarbox. */
    public static int of(FsError error) {
        switch (error) {
            case NOT_FOUND:
                return NOENT;
            case EXISTS:
                return EXIST;
            case NOT_DIRECTORY:
                return NOTDIR;
            case IS_DIRECTORY:
                return ISDIR;
            case NOT_EMPTY:
                return NOTEMPTY;
            case LOOP:
                return LOOP;
            case NAME_TOO_LONG:
                return NAMETOOLONG;
            case NO_SPACE:
                return NOSPC;
            case FILE_TOO_LARGE:
                return FBIG;
            case READ_ONLY:
                return ROFS;
            case NOT_PERMITTED:
                return PERM;
            case ACCESS_DENIED:
                return ACCES;
            case INVALID:
                return INVAL;
            case NOT_SUPPORTED:
                return NOTSUP;
            case CROSS_DEVICE:
                return XDEV;
            case BUSY:
                return BUSY;
            case IO:
                return IO;
            default:
                throw new AssertionError("unmapped FsError " + error);
        }
    }
}
