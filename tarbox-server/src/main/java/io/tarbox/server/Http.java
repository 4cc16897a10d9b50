package io.tarbox.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/** Small helpers for whole (not streamed) request and response bodies, and for content negotiation. */
final class Http {
    /** The largest XML or JSON request body read into memory. */
    static final int MAX_SMALL_BODY = 1 << 20;

    private Http() {}

    /** Reads a small request body. @throws HttpError 413 past {@link #MAX_SMALL_BODY} */
    static byte[] readSmallBody(Request request) throws IOException {
        return readBody(request, MAX_SMALL_BODY);
    }

    /** Reads a request body of at most {@code max} bytes. @throws HttpError 413 past it */
    static byte[] readBody(Request request, int max) throws IOException {
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw new HttpError(413, "too_large", "request body larger than " + max + " bytes");
            }
            return body;
        }
    }

    /**
     * Whether the request's {@code Accept} header names {@code type} itself (not through a
     * wildcard) with a quality above 0.
     */
    static boolean accepts(Request request, String type) {
        for (String header : request.getHeaders().getValuesList(HttpHeader.ACCEPT)) {
            for (String range : header.split(",")) {
                String[] parts = range.split(";");
                if (!parts[0].trim().equalsIgnoreCase(type)) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().toLowerCase(Locale.ROOT);
                    refused |= param.startsWith("q=") && param.substring(2).matches("0(\\.0*)?");
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Writes a whole response (blocking until written). */
    static void send(Response response, int status, String contentType, byte[] body, boolean head) throws IOException {
        response.setStatus(status);
        if (contentType != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(body), blocker);
            blocker.block();
        }
    }

    static void send(Response response, int status, String contentType, String body) throws IOException {
        send(response, status, contentType, body.getBytes(StandardCharsets.UTF_8), false);
    }

    static void sendEmpty(Response response, int status) throws IOException {
        send(response, status, null, new byte[0], false);
    }

    /** Completes the response as written: call after {@link #send}. */
    static void done(Callback callback) {
        callback.succeeded();
    }
}
