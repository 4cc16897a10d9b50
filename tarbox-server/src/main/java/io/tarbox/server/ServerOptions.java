package io.tarbox.server;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * How {@code tarbox serve} listens.
 *
 * @param host the address to bind ("127.0.0.1", "0.0.0.0", "::")
 * @param port the port (0: any free one; {@link TarboxServer#port()} tells which)
 * @param tlsCert PEM certificate chain, or null for plain HTTP
 * @param tlsKey PEM PKCS#8 private key, or null
 * @param maxConcurrent requests handled at once; more wait (up to {@link #queueTimeoutSeconds})
 * @param queueTimeoutSeconds how long a request waits for its turn before 503
 * @param idleTimeoutSeconds a connection that sends or takes nothing for this long is closed (a
 *     stalled upload fails and leaves nothing behind)
 * @param requestLog where each request is logged, one line each, or null for nowhere
 */
public record ServerOptions(
        String host,
        int port,
        Path tlsCert,
        Path tlsKey,
        int maxConcurrent,
        int queueTimeoutSeconds,
        int idleTimeoutSeconds,
        PrintStream requestLog) {
    public static final int DEFAULT_MAX_CONCURRENT = 64;
    public static final int DEFAULT_QUEUE_TIMEOUT = 30;
    public static final int DEFAULT_IDLE_TIMEOUT = 60;

    /** Plain HTTP on {@code host:port} with the defaults. */
    public static ServerOptions plain(String host, int port, PrintStream requestLog) {
        return new ServerOptions(
                host,
                port,
                null,
                null,
                DEFAULT_MAX_CONCURRENT,
                DEFAULT_QUEUE_TIMEOUT,
                DEFAULT_IDLE_TIMEOUT,
                requestLog);
    }

    public boolean tls() {
        return tlsCert != null;
    }
}
