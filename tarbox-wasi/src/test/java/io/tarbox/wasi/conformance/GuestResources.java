package io.tarbox.wasi.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a test resource. */
final class GuestResources {
    private GuestResources() {}

    static byte[] read(String path) {
        try (InputStream in = GuestResources.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no " + path + " on the test classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
