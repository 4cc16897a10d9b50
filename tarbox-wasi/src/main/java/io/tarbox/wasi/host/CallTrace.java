package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import io.tarbox.wasi.RunTrace;
import io.tarbox.wasi.RunTrace.Arg;
import io.tarbox.wasi.host.WasiType.Param;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Traces preview 1 calls ({@code run --trace}): wraps each selected import so that a call is
 * decoded by its {@link WasiFunction} declaration — parameters by witx name and type (paths as
 * strings, flags by name), the errno by name, and on success the results the host wrote (the new
 * fd, bytes read or written, the offset) — timed, and written to the {@link RunTrace}. Installed
 * only when a run is traced: an untraced run calls the functions directly.
 */
final class CallTrace {
    private static final String[] RIGHTS = {
        "FD_DATASYNC",
        "FD_READ",
        "FD_SEEK",
        "FD_FDSTAT_SET_FLAGS",
        "FD_SYNC",
        "FD_TELL",
        "FD_WRITE",
        "FD_ADVISE",
        "FD_ALLOCATE",
        "PATH_CREATE_DIRECTORY",
        "PATH_CREATE_FILE",
        "PATH_LINK_SOURCE",
        "PATH_LINK_TARGET",
        "PATH_OPEN",
        "FD_READDIR",
        "PATH_READLINK",
        "PATH_RENAME_SOURCE",
        "PATH_RENAME_TARGET",
        "PATH_FILESTAT_GET",
        "PATH_FILESTAT_SET_SIZE",
        "PATH_FILESTAT_SET_TIMES",
        "FD_FILESTAT_GET",
        "FD_FILESTAT_SET_SIZE",
        "FD_FILESTAT_SET_TIMES",
        "PATH_SYMLINK",
        "PATH_REMOVE_DIRECTORY",
        "PATH_UNLINK_FILE",
        "POLL_FD_READWRITE",
        "SOCK_SHUTDOWN",
        "SOCK_ACCEPT",
    };
    private static final String[] FDFLAGS = {"APPEND", "DSYNC", "NONBLOCK", "RSYNC", "SYNC"};
    private static final String[] OFLAGS = {"CREAT", "DIRECTORY", "EXCL", "TRUNC"};
    private static final String[] LOOKUPFLAGS = {"SYMLINK_FOLLOW"};
    private static final String[] FSTFLAGS = {"ATIM", "ATIM_NOW", "MTIM", "MTIM_NOW"};
    private static final String[] RIFLAGS = {"RECV_PEEK", "RECV_WAITALL"};
    private static final String[] ROFLAGS = {"RECV_DATA_TRUNCATED"};
    private static final String[] SDFLAGS = {"RD", "WR"};
    private static final String[] WHENCE = {"SET", "CUR", "END"};
    private static final String[] ADVICE = {"NORMAL", "SEQUENTIAL", "RANDOM", "WILLNEED", "DONTNEED", "NOREUSE"};
    private static final String[] CLOCKS = {"REALTIME", "MONOTONIC", "PROCESS_CPUTIME_ID", "THREAD_CPUTIME_ID"};
    private static final String[] FILETYPES = {
        "UNKNOWN",
        "BLOCK_DEVICE",
        "CHARACTER_DEVICE",
        "DIRECTORY",
        "REGULAR_FILE",
        "SOCKET_DGRAM",
        "SOCKET_STREAM",
        "SYMBOLIC_LINK",
    };
    /** Rights sets with more names than this are shown as ALL minus what they lack, or in hex. */
    private static final int MAX_NAMES = 6;

    private CallTrace() {}

    /** The functions, those the trace selects wrapped to be traced. */
    static List<HostFunction> wrap(List<WasiFunction> declared, List<HostFunction> functions, RunTrace trace) {
        Map<String, WasiFunction> byName = new HashMap<>();
        for (WasiFunction f : declared) {
            byName.put(f.name(), f);
        }
        List<HostFunction> out = new ArrayList<>(functions.size());
        for (HostFunction f : functions) {
            WasiFunction declaration = byName.get(f.name());
            if (declaration == null || !trace.selects(f.name(), WasiFunction.MODULE + "#" + f.name())) {
                out.add(f);
                continue;
            }
            WasmFunctionHandle inner = f.handle();
            out.add(new HostFunction(
                    f.module(),
                    f.name(),
                    f.functionType(),
                    (instance, args) -> traced(declaration, inner, instance, args, trace)));
        }
        return out;
    }

    private static long[] traced(
            WasiFunction f, WasmFunctionHandle inner, Instance instance, long[] args, RunTrace trace) {
        Memory memory = instance.memory();
        List<Arg> decoded = arguments(f, memory, args);
        long start = System.nanoTime();
        long[] result;
        try {
            result = inner.apply(instance, args);
        } catch (RuntimeException | Error e) {
            trace.call(f.name(), decoded, null, List.of(), System.nanoTime() - start, unwound(e));
            throw e;
        }
        long nanos = System.nanoTime() - start;
        int errno = f.returnsErrno() ? (int) result[0] : Errno.SUCCESS;
        List<Arg> results = errno == Errno.SUCCESS ? results(f, memory, args) : List.of();
        trace.call(f.name(), decoded, Errno.name(errno), results, nanos, null);
        return result;
    }

    private static String unwound(Throwable e) {
        if (e instanceof ProcExit exit) {
            return "exit(" + exit.code + ")";
        }
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    static List<Arg> arguments(WasiFunction f, Memory memory, long[] args) {
        List<Param> params = f.params();
        List<Arg> out = new ArrayList<>(params.size());
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            int at = f.coreIndex(i);
            out.add(argument(p, memory, args[at], p.type().core().size() == 2 ? args[at + 1] : 0));
        }
        return out;
    }

    private static Arg argument(Param p, Memory memory, long value, long length) {
        String name = p.name();
        int i32 = (int) value;
        return switch (p.type()) {
            case FD, EXITCODE, SIGNAL -> Arg.number(name, i32);
            case SIZE -> Arg.number(name, Integer.toUnsignedLong(i32));
            case POINTER -> Arg.symbol(name, "0x" + Integer.toHexString(i32));
            case FILESIZE, FILEDELTA, TIMESTAMP, DIRCOOKIE -> Arg.number(name, value);
            case RIGHTS -> Arg.symbol(name, rights(value));
            case LOOKUPFLAGS -> Arg.symbol(name, flags(i32, LOOKUPFLAGS));
            case OFLAGS -> Arg.symbol(name, flags(i32, OFLAGS));
            case FDFLAGS -> Arg.symbol(name, flags(i32, FDFLAGS));
            case FSTFLAGS -> Arg.symbol(name, flags(i32, FSTFLAGS));
            case RIFLAGS -> Arg.symbol(name, flags(i32, RIFLAGS));
            case ROFLAGS -> Arg.symbol(name, flags(i32, ROFLAGS));
            case SIFLAGS -> Arg.number(name, i32);
            case SDFLAGS -> Arg.symbol(name, flags(i32, SDFLAGS));
            case WHENCE -> Arg.symbol(name, enumName(i32, WHENCE));
            case ADVICE -> Arg.symbol(name, enumName(i32, ADVICE));
            case CLOCKID -> Arg.symbol(name, enumName(i32, CLOCKS));
            case STRING -> string(name, memory, i32, (int) length);
            case IOVEC_ARRAY, CIOVEC_ARRAY -> Arg.symbol(name, iovecs(memory, i32, (int) length));
            case FDSTAT, FILESTAT, PRESTAT -> Arg.symbol(name, "0x" + Integer.toHexString(i32));
        };
    }

    private static Arg string(String name, Memory memory, int ptr, int len) {
        try {
            String s = GuestStrings.read(memory, ptr, len);
            return s == null ? Arg.symbol(name, "<not UTF-8>") : Arg.text(name, s);
        } catch (RuntimeException e) {
            return Arg.symbol(name, "<out of bounds>");
        }
    }

    private static String iovecs(Memory memory, int ptr, int count) {
        try {
            return "[" + Integer.toUnsignedString(count) + " iovec" + (count == 1 ? "" : "s") + ", "
                    + Integer.toUnsignedString(Iovecs.totalLength(memory, ptr, count)) + " bytes]";
        } catch (RuntimeException e) {
            return "<out of bounds>";
        }
    }

    /** The values the host wrote through the result pointers of a successful call. */
    static List<Arg> results(WasiFunction f, Memory memory, long[] args) {
        List<Param> results = f.results();
        List<Arg> out = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Param p = results.get(i);
            int ptr = (int) args[f.resultIndex(i)];
            try {
                out.add(result(p, memory, ptr));
            } catch (RuntimeException e) {
                out.add(Arg.symbol(p.name(), "<out of bounds>"));
            }
        }
        return out;
    }

    private static Arg result(Param p, Memory memory, int ptr) {
        String name = p.name();
        return switch (p.type()) {
            case FD -> Arg.number(name, memory.readInt(ptr));
            case SIZE -> Arg.number(name, Integer.toUnsignedLong(memory.readInt(ptr)));
            case FILESIZE, TIMESTAMP -> Arg.number(name, memory.readLong(ptr));
            case ROFLAGS -> Arg.symbol(name, flags(memory.readShort(ptr) & 0xFFFF, ROFLAGS));
            case FDSTAT ->
                Arg.symbol(
                        name,
                        "{filetype=" + enumName(memory.read(ptr) & 0xFF, FILETYPES)
                                + ", flags=" + flags(memory.readShort(ptr + 2) & 0xFFFF, FDFLAGS)
                                + ", rights_base=" + rights(memory.readLong(ptr + 8))
                                + ", rights_inheriting=" + rights(memory.readLong(ptr + 16)) + "}");
            case FILESTAT ->
                Arg.symbol(
                        name,
                        "{filetype=" + enumName(memory.read(ptr + 16) & 0xFF, FILETYPES)
                                + ", ino=" + memory.readLong(ptr + 8) + ", nlink=" + memory.readLong(ptr + 24)
                                + ", size=" + memory.readLong(ptr + 32) + "}");
            case PRESTAT ->
                Arg.symbol(name, "{dir, pr_name_len=" + Integer.toUnsignedLong(memory.readInt(ptr + 4)) + "}");
            default -> Arg.symbol(name, "0x" + Integer.toHexString(ptr));
        };
    }

    /** Flag names joined by '|' ("0" for none; unknown bits in hex). */
    static String flags(long bits, String[] names) {
        if (bits == 0) {
            return "0";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((bits & (1L << i)) != 0) {
                out.append(out.length() == 0 ? "" : "|").append(names[i]);
                bits &= ~(1L << i);
            }
        }
        if (bits != 0) {
            out.append(out.length() == 0 ? "" : "|").append("0x").append(Long.toHexString(bits));
        }
        return out.toString();
    }

    /** A rights set by name when short; as ALL less a few names, or in hex, when not. */
    static String rights(long bits) {
        int count = Long.bitCount(bits);
        long all = Rights.ALL;
        if (count <= MAX_NAMES) {
            return flags(bits, RIGHTS);
        }
        if ((bits & ~all) == 0 && Long.bitCount(all & ~bits) <= MAX_NAMES) {
            long missing = all & ~bits;
            return missing == 0 ? "ALL" : "ALL&~(" + flags(missing, RIGHTS) + ")";
        }
        return "0x" + Long.toHexString(bits);
    }

    private static String enumName(int value, String[] names) {
        return value >= 0 && value < names.length ? names[value] : Integer.toString(value);
    }
}
