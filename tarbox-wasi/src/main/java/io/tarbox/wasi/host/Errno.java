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
        return switch (error) {
            case NOT_FOUND -> NOENT;
            case EXISTS -> EXIST;
            case NOT_DIRECTORY -> NOTDIR;
            case IS_DIRECTORY -> ISDIR;
            case NOT_EMPTY -> NOTEMPTY;
            case LOOP -> LOOP;
            case NAME_TOO_LONG -> NAMETOOLONG;
            case NO_SPACE -> NOSPC;
            case FILE_TOO_LARGE -> FBIG;
            case READ_ONLY -> ROFS;
            case NOT_PERMITTED -> PERM;
            case ACCESS_DENIED -> ACCES;
            case INVALID -> INVAL;
            case NOT_SUPPORTED -> NOTSUP;
            case CROSS_DEVICE -> XDEV;
            case BUSY -> BUSY;
            case IO -> IO;
        };
    }

    /** The witx names of the errno enum, in order (errno 0 is "success"). */
    private static final String[] NAMES = {
        "success",
        "2big",
        "acces",
        "addrinuse",
        "addrnotavail",
        "afnosupport",
        "again",
        "already",
        "badf",
        "badmsg",
        "busy",
        "canceled",
        "child",
        "connaborted",
        "connrefused",
        "connreset",
        "deadlk",
        "destaddrreq",
        "dom",
        "dquot",
        "exist",
        "fault",
        "fbig",
        "hostunreach",
        "idrm",
        "ilseq",
        "inprogress",
        "intr",
        "inval",
        "io",
        "isconn",
        "isdir",
        "loop",
        "mfile",
        "mlink",
        "msgsize",
        "multihop",
        "nametoolong",
        "netdown",
        "netreset",
        "netunreach",
        "nfile",
        "nobufs",
        "nodev",
        "noent",
        "noexec",
        "nolck",
        "nolink",
        "nomem",
        "nomsg",
        "noprotoopt",
        "nospc",
        "nosys",
        "notconn",
        "notdir",
        "notempty",
        "notrecoverable",
        "notsock",
        "notsup",
        "notty",
        "nxio",
        "overflow",
        "ownerdead",
        "perm",
        "pipe",
        "proto",
        "protonosupport",
        "prototype",
        "range",
        "rofs",
        "spipe",
        "srch",
        "stale",
        "timedout",
        "txtbsy",
        "xdev",
        "notcapable",
    };

    /**
     * The name of an errno as strace spells the POSIX one: {@code ENOENT}, {@code ENOTCAPABLE};
     * {@code SUCCESS} for zero, the number for a value outside the enum.
     */
    public static String name(int errno) {
        if (errno == SUCCESS) {
            return "SUCCESS";
        }
        return errno > 0 && errno < NAMES.length
                ? "E" + NAMES[errno].toUpperCase(java.util.Locale.ROOT)
                : Integer.toString(errno);
    }
}
