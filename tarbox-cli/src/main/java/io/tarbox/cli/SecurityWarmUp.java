package io.tarbox.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Makes the JDK's security providers ready on a thread of its own while the main thread parses the
 * command line. A run needs SHA-256 (the module cache's key, the run's record) and a SecureRandom
 * (the run's id, {@code random_get}); the first of them costs about 35 ms of class loading and
 * initialisation (the security configuration, the SUN provider's table of services), which would
 * otherwise lie on the run's path (docs/benchmarks.md, "sixth round").
 */
final class SecurityWarmUp {
    private SecurityWarmUp() {}

    static void start() {
        Thread thread = new Thread(SecurityWarmUp::load, "tarbox-security-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void load() {
        try {
            MessageDigest.getInstance("SHA-256");
            new SecureRandom().nextInt();
        } catch (NoSuchAlgorithmException | RuntimeException e) {
            // Nothing to do: the run meets the same failure where it is reported.
        }
    }
}
