package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import java.util.List;

/** args_get, args_sizes_get, environ_get, environ_sizes_get. */
final class ArgsFunctions {
    private final WasiContext context;

    ArgsFunctions(WasiContext context) {
        this.context = context;
    }

    List<HostFunction> functions() {
        return List.of(
                WasiFunction.of("args_get", "ii", (m, a) -> writeStrings(m, context.args, (int) a[0], (int) a[1])),
                WasiFunction.of("args_sizes_get", "ii", (m, a) -> writeSizes(m, context.args, (int) a[0], (int) a[1])),
                WasiFunction.of("environ_get", "ii", (m, a) -> writeStrings(m, context.environ, (int) a[0], (int) a[1])),
                WasiFunction.of("environ_sizes_get", "ii",
                        (m, a) -> writeSizes(m, context.environ, (int) a[0], (int) a[1])));
    }

    /** Writes NUL-terminated strings to {@code buf} and their addresses to the pointer array. */
    private static int writeStrings(Memory memory, List<byte[]> strings, int pointers, int buf) {
        int at = buf;
        for (int i = 0; i < strings.size(); i++) {
            byte[] s = strings.get(i);
            memory.writeI32(pointers + i * 4, at);
            memory.write(at, s);
            memory.writeByte(at + s.length, (byte) 0);
            at += s.length + 1;
        }
        return Errno.SUCCESS;
    }

    private static int writeSizes(Memory memory, List<byte[]> strings, int countPtr, int sizePtr) {
        long size = 0;
        for (byte[] s : strings) {
            size += s.length + 1;
        }
        if (size > 0xFFFF_FFFFL) {
            return Errno.OVERFLOW;
        }
        memory.writeI32(countPtr, strings.size());
        memory.writeI32(sizePtr, (int) size);
        return Errno.SUCCESS;
    }
}
