package io.tarbox.wasi.host;

import com.dylibso.chicory.wasm.types.ValType;
import java.util.List;

/**
 * The witx types of wasi_snapshot_preview1's parameters and results, each with the core values it
 * lowers to: an integer type or flag set to one i32 or i64, a {@code string} or an array of iovecs
 * to a pointer and a length. A result (other than the errno) lowers to one pointer the host writes
 * through. {@link WasiFunction} builds each import's core signature from these; the trace decodes
 * arguments and results by them.
 */
enum WasiType {
    FD("fd", ValType.I32),
    SIZE("size", ValType.I32),
    /** A pointer to guest memory (witx {@code pointer}/{@code const_pointer}), shown as an address. */
    POINTER("pointer", ValType.I32),
    FILESIZE("filesize", ValType.I64),
    FILEDELTA("filedelta", ValType.I64),
    TIMESTAMP("timestamp", ValType.I64),
    DIRCOOKIE("dircookie", ValType.I64),
    RIGHTS("rights", ValType.I64),
    LOOKUPFLAGS("lookupflags", ValType.I32),
    OFLAGS("oflags", ValType.I32),
    FDFLAGS("fdflags", ValType.I32),
    FSTFLAGS("fstflags", ValType.I32),
    WHENCE("whence", ValType.I32),
    ADVICE("advice", ValType.I32),
    CLOCKID("clockid", ValType.I32),
    EXITCODE("exitcode", ValType.I32),
    SIGNAL("signal", ValType.I32),
    RIFLAGS("riflags", ValType.I32),
    ROFLAGS("roflags", ValType.I32),
    SIFLAGS("siflags", ValType.I32),
    SDFLAGS("sdflags", ValType.I32),
    /** UTF-8 text by pointer and length (a path). */
    STRING("string", ValType.I32, ValType.I32),
    /** Buffers to read into, by pointer and count. */
    IOVEC_ARRAY("iovec_array", ValType.I32, ValType.I32),
    /** Buffers to write from, by pointer and count. */
    CIOVEC_ARRAY("ciovec_array", ValType.I32, ValType.I32),
    /** Results only: structures the host writes. */
    FDSTAT("fdstat", ValType.I32),
    FILESTAT("filestat", ValType.I32),
    PRESTAT("prestat", ValType.I32);

    private final String witx;
    private final List<ValType> core;

    WasiType(String witx, ValType... core) {
        this.witx = witx;
        this.core = List.of(core);
    }

    /** The witx name. */
    String witx() {
        return witx;
    }

    /** The core values a parameter of this type lowers to. */
    List<ValType> core() {
        return core;
    }

    /** A parameter or result of this type. */
    Param named(String name) {
        return new Param(name, this);
    }

    /** A named parameter or result, as the witx spells it. */
    record Param(String name, WasiType type) {}
}
