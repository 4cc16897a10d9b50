package io.tarbox.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Host files for filling a small disk: random bytes, so the store cannot keep any chunk once for two. */
final class IncompressibleFile {
    private IncompressibleFile() {}

    /** Writes {@code mib} MiB of random bytes (seeded, so every run writes the same) to {@code file}. */
    static Path write(Path file, int mib) throws IOException {
        byte[] block = new byte[1 << 20];
        Random random = new Random(7);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return file;
    }
}
