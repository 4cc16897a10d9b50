package io.tarbox.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.wasi.RunStop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;

/**
 * A run's response as it happens ({@code application/x-ndjson}): one JSON object a line, sent as
 * soon as it is written. Each write of the guest to stdout or stderr becomes a line
 * {@code {"stream": "stdout", "data": "..."}}, sent before the guest goes on; the last line is the
 * run's result ({@link #finish}). The response is committed (status 200) with the first line, so
 * that a request refused before the guest wrote anything still gets its error status.
 *
 * <p>Data is text: a UTF-8 sequence cut between two writes is sent whole with the second, and
 * bytes that are not UTF-8 become U+FFFD. A client that goes away stops the run ({@link RunStop});
 * the guest's write fails with EIO.
 */
final class RunStream {
    static final String TYPE = "application/x-ndjson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Response response;
    private final RunStop stop;
    private final Channel stdout = new Channel("stdout");
    private final Channel stderr = new Channel("stderr");

    RunStream(Response response, RunStop stop) {
        this.response = response;
        this.stop = stop;
    }

    OutputStream stdout() {
        return stdout;
    }

    OutputStream stderr() {
        return stderr;
    }

    /** Sends what the guest left unsent (a cut UTF-8 sequence), then {@code result} as the last line. */
    void finish(Map<String, Object> result) throws IOException {
        stdout.send(true);
        stderr.send(true);
        send(result, true);
    }

    private synchronized void send(Map<String, Object> line, boolean last) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(line);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n');
        if (!response.isCommitted()) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, TYPE);
        }
        try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(last, buffer.flip(), blocker);
            blocker.block();
        } catch (IOException e) {
            stop.stop(); // nobody reads the output any more
            throw e;
        }
    }

    /** One of the guest's output streams: what a write gathered is sent as a line at its flush. */
    private final class Channel extends OutputStream {
        private final String name;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Channel(String name) {
            this.name = name;
        }

        @Override
        public synchronized void write(int b) {
            pending.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            pending.write(b, off, len);
        }

        /** The guest's host flushes after each fd_write. */
        @Override
        public void flush() throws IOException {
            send(false);
        }

        /** Sends the pending bytes up to the last whole UTF-8 sequence, or (at the end) all of them. */
        synchronized void send(boolean all) throws IOException {
            byte[] bytes = pending.toByteArray();
            int whole = all ? bytes.length : Utf8.wholePrefix(bytes);
            if (whole == 0) {
                return;
            }
            pending.reset();
            pending.write(bytes, whole, bytes.length - whole);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("stream", name);
            line.put("data", new String(bytes, 0, whole, StandardCharsets.UTF_8));
            RunStream.this.send(line, false);
        }
    }

    /** Where UTF-8 text may be cut. */
    static final class Utf8 {
        private Utf8() {}

        /**
         * The length of {@code bytes} without a multi-byte sequence that starts in its last three
         * bytes and is not complete there (the rest of it comes with the next write).
         */
        static int wholePrefix(byte[] bytes) {
            int n = bytes.length;
            for (int back = 1; back <= Math.min(3, n); back++) {
                int b = bytes[n - back] & 0xff;
                if (b < 0x80) {
                    return n; // ASCII: nothing is cut
                }
                if (b >= 0xf8) {
                    return n; // never UTF-8: nothing to wait for
                }
                if (b >= 0xc0) { // a lead byte: how long its sequence is
                    int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
                    return length > back ? n - back : n;
                }
            }
            return n; // only continuation bytes at the end: not a sequence to wait for
        }
    }
}
