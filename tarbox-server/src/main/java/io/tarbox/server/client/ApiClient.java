package io.tarbox.server.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.server.wire.FsWire;
import io.tarbox.storage.StorageException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The HTTP side of remote mode: requests to a Tarbox server's JSON API and its batches of
 * filesystem calls, with the token, and the one mapping of the server's answers to errors: a
 * contract error the server names becomes that {@link FsException}; a server that cannot be reached
 * or refuses the token a {@link StorageException}; anything else an IO error.
 */
final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final String shown;
    private final String authorization;
    private final HttpClient http;

    ApiClient(URI server, String token) {
        String url = server.toString();
        this.base = URI.create((url.endsWith("/") ? url : url + "/") + "api/v1/");
        this.shown = url;
        this.authorization = "Bearer " + token;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
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
        HttpRequest.Builder request = request(path)
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(toJson(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
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
        HttpRequest request = request("trees/" + encode(tree) + "/calls")
                .header("Content-Type", FsWire.MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch))
                .build();
        try {
            return send(request, "calls");
        } catch (StorageException e) {
            // the tree was open: for the program it is a failed call, as a lost disk is
            throw new FsException(FsError.IO, e.getMessage(), e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).header("Authorization", authorization);
    }

    private byte[] send(HttpRequest request, String what) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsException(FsError.IO, "interrupted while waiting for " + shown, e);
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            return response.body();
        }
        throw failure(status, response.body(), what);
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
