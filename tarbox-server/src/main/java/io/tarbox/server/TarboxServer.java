package io.tarbox.server;

import io.tarbox.storage.sql.SqlStore;
import java.io.PrintStream;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code tarbox serve}: an embedded Jetty server over one store. Bodies are streamed both ways;
 * at most {@link ServerOptions#maxConcurrent} requests run at once (the rest wait, then get 503);
 * headers are limited to 16 KiB (431 past it); idle connections time out; each request is logged;
 * {@link #stop} lets requests in flight finish (up to 30 s), then commits and closes every tree.
 */
public final class TarboxServer implements AutoCloseable {
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final long STOP_TIMEOUT_MILLIS = 30_000;

    private final Server server;
    private final ServerConnector connector;
    private final Trees trees;
    private final ServerOptions options;

    private TarboxServer(Server server, ServerConnector connector, Trees trees, ServerOptions options) {
        this.server = server;
        this.connector = connector;
        this.trees = trees;
        this.options = options;
    }

    /**
     * Starts serving {@code store} (which the server uses and the caller closes after {@link #stop}).
     *
     * @throws IllegalArgumentException for unusable TLS files
     * @throws java.io.IOException when the address cannot be bound
     */
    public static TarboxServer start(SqlStore store, ServerOptions options) throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(options.maxConcurrent() + 16, 4);
        pool.setName("tarbox-http");
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ConnectionFactory[] factories;
        if (options.tls()) {
            char[] password = randomPassword();
            KeyStore keys = Pem.keyStore(options.tlsCert(), options.tlsKey(), password);
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(keys);
            ssl.setKeyStorePassword(new String(password));
            http.addCustomizer(new SecureRequestCustomizer(false));
            factories =
                    new ConnectionFactory[] {new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http)
                    };
        } else {
            factories = new ConnectionFactory[] {new HttpConnectionFactory(http)};
        }
        ServerConnector connector = new ServerConnector(server, factories);
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeoutSeconds() * 1000L);
        server.addConnector(connector);

        Trees trees = new Trees(store);
        TarboxHandler root = new TarboxHandler(trees, new Authenticator(store));
        QoSHandler qos = new QoSHandler(root);
        qos.setMaxRequestCount(options.maxConcurrent());
        qos.setMaxSuspend(Duration.ofSeconds(options.queueTimeoutSeconds()));
        GracefulHandler graceful = new GracefulHandler(qos);
        server.setHandler(graceful);
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
        server.setStopAtShutdown(false); // stop() is called by the command, after in-flight requests
        if (options.requestLog() != null) {
            server.setRequestLog(new LineLog(options.requestLog()));
        }
        try {
            server.start();
        } catch (Exception e) {
            trees.close();
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing started
            }
            throw e;
        }
        return new TarboxServer(server, connector, trees, options);
    }

    /** The port the server listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = options.host();
        if (host == null || host.isEmpty() || host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return (options.tls() ? "https" : "http") + "://" + host + ":" + port();
    }

    /** Blocks until the server has stopped. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops accepting, lets requests in flight finish, then commits and closes every tree. */
    public void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("tarbox serve: stopping: " + e.getMessage());
        } finally {
            trees.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }

    /** One line per request: time, client, method, path, status, bytes sent, milliseconds, token. */
    private static final class LineLog implements RequestLog {
        private final PrintStream out;

        LineLog(PrintStream out) {
            this.out = out;
        }

        @Override
        public void log(Request request, Response response) {
            Object token = request.getAttribute(TarboxHandler.TOKEN_ATTRIBUTE);
            long millis = (System.nanoTime() - request.getBeginNanoTime()) / 1_000_000;
            String line = Instant.now() + " " + Request.getRemoteAddr(request) + " " + request.getMethod() + " "
                    + request.getHttpURI().getPathQuery() + " " + response.getStatus() + " "
                    + Response.getContentBytesWritten(response) + " " + millis + "ms " + (token == null ? "-" : token);
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }
}
