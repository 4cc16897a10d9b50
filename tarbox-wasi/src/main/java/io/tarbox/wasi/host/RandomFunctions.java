package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import java.util.List;
import java.util.Random;

/** random_get, from a {@link java.security.SecureRandom} unless a test injects another source. */
final class RandomFunctions {
    private static final int CHUNK = 64 * 1024;
    private final Random random;

    RandomFunctions(WasiContext context) {
        this.random = context.random;
    }

    List<HostFunction> functions() {
        return List.of(WasiFunction.of("random_get", "ii", (m, a) -> randomGet(m, (int) a[0], (int) a[1])));
    }

    private int randomGet(Memory memory, int buf, int len) {
        long remaining = Integer.toUnsignedLong(len);
        byte[] chunk = new byte[(int) Math.min(remaining, CHUNK)];
        long at = Integer.toUnsignedLong(buf);
        while (remaining > 0) {
            int n = (int) Math.min(remaining, chunk.length);
            random.nextBytes(chunk);
            memory.write((int) at, chunk, 0, n);
            at += n;
            remaining -= n;
        }
        return Errno.SUCCESS;
    }
}
