package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.declare;
import static io.tarbox.wasi.host.WasiFunction.none;
import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiFunction.results;
import static io.tarbox.wasi.host.WasiType.POINTER;
import static io.tarbox.wasi.host.WasiType.SIZE;

import com.dylibso.chicory.runtime.Memory;
import io.tarbox.wasi.host.WasiFunction.Call;
import java.util.List;

/** args_get, args_sizes_get, environ_get, environ_sizes_get. */
final class ArgsFunctions {
    private final WasiContext context;

    ArgsFunctions(WasiContext context) {
        this.context = context;
    }

    List<WasiFunction> functions() {
        return List.of(
                declare(
                        "args_get",
                        params(POINTER.named("argv"), POINTER.named("argv_buf")),
                        none(),
                        c -> writeStrings(c, context.args)),
                declare(
                        "args_sizes_get",
                        none(),
                        results(SIZE.named("argc"), SIZE.named("argv_buf_size")),
                        c -> writeSizes(c, context.args)),
                declare(
                        "environ_get",
                        params(POINTER.named("environ"), POINTER.named("environ_buf")),
                        none(),
                        c -> writeStrings(c, context.environ)),
                declare(
                        "environ_sizes_get",
                        none(),
                        results(SIZE.named("environc"), SIZE.named("environ_buf_size")),
                        c -> writeSizes(c, context.environ)));
    }

    /** Writes NUL-terminated strings to the buffer (parameter 1) and their addresses to the pointer array (0). */
    private static void writeStrings(Call c, List<byte[]> strings) {
        Memory memory = c.memory();
        int pointers = c.i32(0);
        int at = c.i32(1);
        for (int i = 0; i < strings.size(); i++) {
            byte[] s = strings.get(i);
            memory.writeI32(pointers + i * 4, at);
            memory.write(at, s);
            memory.writeByte(at + s.length, (byte) 0);
            at += s.length + 1;
        }
    }

    private static void writeSizes(Call c, List<byte[]> strings) {
        long size = 0;
        for (byte[] s : strings) {
            size += s.length + 1;
        }
        if (size > 0xFFFF_FFFFL) {
            throw WasiError.of(Errno.OVERFLOW);
        }
        c.memory().writeI32(c.out(0), strings.size());
        c.memory().writeI32(c.out(1), (int) size);
    }
}
