package io.tarbox.cli.command;

import io.tarbox.cli.CliException;
import io.tarbox.cli.ExitCodes;
import io.tarbox.cli.Session;
import io.tarbox.server.ServerOptions;
import io.tarbox.server.TarboxServer;
import io.tarbox.storage.sql.SqlStore;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tarbox serve}: WebDAV and the JSON API over the database, until SIGTERM or SIGINT, which
 * stop it gracefully (requests in flight finish, trees are committed) with exit code 0.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serve the database over HTTP: WebDAV at /dav/TENANT/, snapshots at /snap/TENANT/SNAPSHOT/,"
                + " the JSON API at /api/v1/, health at /healthz. Requests need a token ('tarbox token create').")
public final class ServeCommand extends TarboxCommand {
    @Option(
            names = "--listen",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:8080",
            description = "Address to listen on (default ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain: serve HTTPS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key (PKCS#8) of --tls-cert.")
    Path tlsKey;

    @Option(
            names = "--max-concurrent",
            paramLabel = "N",
            defaultValue = "" + ServerOptions.DEFAULT_MAX_CONCURRENT,
            description = "Requests handled at once; others wait up to 30 s, then get 503 (default ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(
            names = "--idle-timeout",
            paramLabel = "SECONDS",
            defaultValue = "" + ServerOptions.DEFAULT_IDLE_TIMEOUT,
            description = "Close a connection idle this long, e.g. a stalled upload (default ${DEFAULT-VALUE}).")
    int idleTimeout;

    @Option(
            names = "--request-log",
            paramLabel = "FILE",
            description = "Append one line per request to FILE ('-': standard error, the default; 'none': off).")
    String requestLog;

    @Override
    void run(Session session) throws Exception {
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new CliException(
                    ExitCodes.USAGE, "invalid --listen '" + listen + "' (HOST:PORT, e.g. 127.0.0.1:8080)");
        }
        String host = listen.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(listen.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new CliException(ExitCodes.USAGE, "invalid port in --listen '" + listen + "'");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new CliException(ExitCodes.USAGE, "--tls-cert and --tls-key go together");
        }
        for (Path p : new Path[] {tlsCert, tlsKey}) {
            if (p != null && !Files.isReadable(p)) {
                throw new CliException(ExitCodes.USAGE, "cannot read " + p);
            }
        }
        if (maxConcurrent < 1 || idleTimeout < 1) {
            throw new CliException(ExitCodes.USAGE, "--max-concurrent and --idle-timeout must be at least 1");
        }
        SqlStore store = session.database("'serve'");
        PrintStream log = requestLog(main().err());
        TarboxServer server;
        try {
            server = TarboxServer.start(
                    store,
                    new ServerOptions(
                            host,
                            port,
                            tlsCert,
                            tlsKey,
                            maxConcurrent,
                            ServerOptions.DEFAULT_QUEUE_TIMEOUT,
                            idleTimeout,
                            log));
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, "cannot use the TLS files: " + e.getMessage());
        } catch (IOException e) {
            Throwable cause = e instanceof BindException || e.getCause() == null ? e : e.getCause();
            throw new CliException(ExitCodes.FAILED, "cannot listen on " + listen + ": " + cause.getMessage());
        }
        CountDownLatch stopping = new CountDownLatch(1);
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                JvmSignals.handle(JvmSignals.signal(name), JvmSignals.handler(s -> stopping.countDown()));
            } catch (IllegalArgumentException unavailable) {
                // not on this platform
            }
        }
        out().println("tarbox serve: listening on " + server.url() + " (database " + store.location() + ")");
        out().flush();
        Thread waiter = new Thread(
                () -> {
                    try {
                        stopping.await();
                    } catch (InterruptedException ignored) {
                        // stop anyway
                    }
                    server.stop();
                },
                "tarbox-serve-stop");
        waiter.setDaemon(true);
        waiter.start();
        server.join();
        waiter.join(35_000);
        main().err().println("tarbox serve: stopped");
        if (log != null && log != main().err()) {
            log.close();
        }
    }

    private PrintStream requestLog(PrintStream err) throws IOException {
        if (requestLog == null || requestLog.equals("-")) {
            return err;
        }
        if (requestLog.equals("none")) {
            return null;
        }
        return new PrintStream(new FileOutputStream(requestLog, true), true, StandardCharsets.UTF_8);
    }
}
