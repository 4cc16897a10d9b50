package io.tarbox.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.server.wire.FsWire;
import io.tarbox.storage.StorageException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP side of remote mode: requests to a Tarbox server's JSON API and its batches of
 * filesystem calls, with the token, and the one mapping of the server's answers to errors: a
 * contract error the server names becomes that {@link FsException}; a server that cannot be reached
 * or refuses the token a {@link StorageException}; anything else an IO error.
 *
 * <p>The transport is Apache HttpClient's classic (blocking) client: a request is written and its
 * answer read on the calling thread, over a kept-alive connection with TCP_NODELAY. A run makes
 * thousands of small requests; the JDK's asynchronous {@code HttpClient} handed each of them
 * between three threads, which cost more CPU than the server spent answering (docs/benchmarks.md,
 * "Remote mode").
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContentType WIRE = ContentType.create(FsWire.MEDIA_TYPE);
    private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(10);
    private static final Timeout ANSWER_TIMEOUT = Timeout.ofMinutes(10);

    private final URI base;
    private final String shown;
    private final String authorization;
    private final CloseableHttpClient http;

    ApiClient(URI server, String token) {
        String url = server.toString();
        this.base = URI.create((url.endsWith("/") ? url : url + "/") + "api/v1/");
        this.shown = url;
        this.authorization = "Bearer " + token;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .useSystemProperties() // TLS trust as the JVM's (javax.net.ssl.*)
                        .setDefaultSocketConfig(SocketConfig.custom()
                                .setTcpNoDelay(true)
                                .setSoTimeout(ANSWER_TIMEOUT)
                                .build())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(CONNECT_TIMEOUT)
                                .setSocketTimeout(ANSWER_TIMEOUT)
                                .setTimeToLive(10, TimeUnit.MINUTES)
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries() // a batch of calls must not run twice
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** Closes the connections. */
    void close() {
        http.close(CloseMode.GRACEFUL);
    }

    /** The server as messages name it. */
    String shown() {
        return shown;
    }

    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A JSON request: {@code body} null for none; the answer's JSON (null for an empty one). */
    JsonNode json(String method, String path, Object body) {
        ClassicRequestBuilder request = request(method, path).setHeader("Accept", "application/json");
        if (body != null) {
            request.setEntity(new ByteArrayEntity(toJson(body), ContentType.APPLICATION_JSON));
        }
        byte[] answer = send(request.build(), method + " " + path);
        if (answer.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(answer);
        } catch (IOException e) {
            throw new FsException(FsError.IO, shown + " answered " + path + " with malformed JSON", e);
        }
    }

    /** A batch of filesystem calls on open tree {@code tree} (see {@link FsWire}). */
    byte[] calls(String tree, byte[] batch) {
        ClassicHttpRequest request = request("POST", "trees/" + encode(tree) + "/calls")
                .setEntity(new ByteArrayEntity(batch, WIRE))
                .build();
        try {
            return send(request, "calls");
        } catch (StorageException e) {
            // the tree was open: for the program it is a failed call, as a lost disk is
            throw new FsException(FsError.IO, e.getMessage(), e);
        }
    }

    private ClassicRequestBuilder request(String method, String path) {
        return ClassicRequestBuilder.create(method)
                .setUri(base.resolve(path))
                .setHeader("Authorization", authorization);
    }

    /** An answer: its status and body. */
    private record Answer(int status, byte[] body) {}

    private byte[] send(ClassicHttpRequest request, String what) {
        Answer answer;
        try {
            answer = http.execute(request, response -> {
                HttpEntity entity = response.getEntity();
                return new Answer(response.getCode(), entity == null ? new byte[0] : EntityUtils.toByteArray(entity));
            });
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new FsException(FsError.IO, "interrupted while waiting for " + shown, e);
            }
            throw unreachable(e);
        } catch (IOException e) {
            throw unreachable(e);
        }
        if (answer.status() / 100 == 2) {
            return answer.body();
        }
        throw failure(answer.status(), answer.body(), what);
    }

    private RuntimeException unreachable(IOException e) {
        String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new StorageException(
                StorageException.Reason.UNREACHABLE, "cannot reach Tarbox server " + shown + ": " + detail, e);
    }

    /** The error an answer other than 2xx stands for. */
    private RuntimeException failure(int status, byte[] body, String what) {
        String code = null;
        String message = null;
        try {
            JsonNode error = JSON.readTree(body).path("error");
            code = error.path("code").asText(null);
            message = error.path("message").asText(null);
        } catch (IOException | RuntimeException notJson) {
            // a proxy's or another server's page: the status says enough
        }
        if (message == null) {
            message = "HTTP " + status + " from " + shown + " (" + what + ")";
        }
        if (status == 401) {
            return new StorageException(
                    StorageException.Reason.FAILED, "Tarbox server " + shown + " refused the token: " + message);
        }
        FsError error = fsError(code);
        if (error != null) {
            return new FsException(error, message);
        }
        return switch (status) {
            case 403 -> new FsException(FsError.ACCESS_DENIED, message);
            case 404 -> new FsException(FsError.NOT_FOUND, message);
            case 413 -> new FsException(FsError.FILE_TOO_LARGE, message);
            case 507 -> new FsException(FsError.NO_SPACE, message);
            default -> new FsException(FsError.IO, "Tarbox server " + shown + ": " + message);
        };
    }

    private static FsError fsError(String code) {
        if (code == null) {
            return null;
        }
        try {
            return FsError.valueOf(code.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] toJson(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
    }
}
