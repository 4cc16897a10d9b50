package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.declare;
import static io.tarbox.wasi.host.WasiFunction.none;
import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiType.POINTER;
import static io.tarbox.wasi.host.WasiType.SIZE;

import io.tarbox.wasi.host.WasiFunction.Call;
import java.util.List;
import java.util.Random;

/** random_get, from a {@link java.security.SecureRandom} unless a test injects another source. */
final class RandomFunctions {
    private static final int CHUNK = 64 * 1024;
    private final Random random;

    RandomFunctions(WasiContext context) {
        this.random = context.random;
    }

    List<WasiFunction> functions() {
        return List.of(
                declare("random_get", params(POINTER.named("buf"), SIZE.named("buf_len")), none(), this::randomGet));
    }

    private void randomGet(Call c) {
        long remaining = Integer.toUnsignedLong(c.i32(1));
        byte[] chunk = new byte[(int) Math.min(remaining, CHUNK)];
        long at = Integer.toUnsignedLong(c.i32(0));
        while (remaining > 0) {
            int n = (int) Math.min(remaining, chunk.length);
            random.nextBytes(chunk);
            c.memory().write((int) at, chunk, 0, n);
            at += n;
            remaining -= n;
        }
    }
}
