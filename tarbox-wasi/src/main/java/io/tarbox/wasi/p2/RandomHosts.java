package io.tarbox.wasi.p2;

import io.tarbox.component.abi.CanonicalTrap;
import io.tarbox.component.link.HostInstance;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** {@code wasi:random/random}, {@code insecure} and {@code insecure-seed}. */
final class RandomHosts {
    /** The most bytes one call returns (wasmtime caps them too; more is a trap, not an allocation failure). */
    private static final long MAX_BYTES = 64L << 20;

    private RandomHosts() {}

    static List<HostInstance> instances(P2Context context) {
        HostInstance random = new HostInstance("wasi:random/random")
                .func("get-random-bytes", 1, a -> bytes((Long) a[0], true, context))
                .func("get-random-u64", 0, a -> context.random.nextLong());
        HostInstance insecure = new HostInstance("wasi:random/insecure")
                .func("get-insecure-random-bytes", 1, a -> bytes((Long) a[0], false, context))
                .func(
                        "get-insecure-random-u64",
                        0,
                        a -> ThreadLocalRandom.current().nextLong());
        HostInstance seed = new HostInstance("wasi:random/insecure-seed")
                .func("insecure-seed", 0, a -> new Object[] {context.random.nextLong(), context.random.nextLong()});
        return List.of(random, insecure, seed);
    }

    private static byte[] bytes(long len, boolean secure, P2Context context) {
        if (len < 0 || len > MAX_BYTES) {
            throw new CanonicalTrap(
                    "get-random-bytes of " + Long.toUnsignedString(len) + " bytes (at most " + MAX_BYTES + ")");
        }
        byte[] out = new byte[(int) len];
        (secure ? context.random : ThreadLocalRandom.current()).nextBytes(out);
        return out;
    }
}
