package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The guest's stdin. Reads go straight to the stream until poll_oneoff has to wait for input
 * without blocking the guest for good: then a daemon thread starts reading ahead into a queue, and
 * reads and readiness checks are served from it. End of input is remembered either way.
 */
public final class GuestInput {
    private static final byte[] END = new byte[0];
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private BlockingQueue<byte[]> chunks;
    private byte[] current = END;
    private int position;
    private boolean ended;
    private volatile IOException failure;

    public GuestInput(InputStream in) {
        this.in = in;
    }

    /** As InputStream.read: blocks for at least one byte; -1 at end of input. */
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (chunks == null) {
            if (ended) {
                return -1;
            }
            int n = in.read(buffer, offset, length);
            ended = n < 0;
            return n;
        }
        if (!next(Long.MAX_VALUE)) {
            if (failure != null) {
                throw failure;
            }
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    /**
     * How many bytes a read would return without blocking (0 at end of input), waiting up to
     * {@code timeoutNanos} (Long.MAX_VALUE: until input or its end comes); -1 if still nothing.
     */
    public long ready(long timeoutNanos) throws IOException {
        if (chunks == null) {
            if (ended) {
                return 0;
            }
            int available = in.available();
            if (available > 0) {
                return available;
            }
            if (timeoutNanos <= 0) {
                return -1;
            }
            startReadingAhead();
        }
        if (next(Math.max(0, timeoutNanos))) {
            return current.length - position;
        }
        if (failure != null) {
            throw failure;
        }
        return ended ? 0 : -1;
    }

    /** Makes {@code current} hold unread bytes, waiting up to the timeout; false at end or timeout. */
    private boolean next(long timeoutNanos) {
        while (position >= current.length) {
            if (ended) {
                return false;
            }
            byte[] chunk;
            try {
                chunk = timeoutNanos == Long.MAX_VALUE
                        ? chunks.take()
                        : chunks.poll(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChicoryInterruptedException("interrupted while waiting for stdin", e);
            }
            if (chunk == null) {
                return false;
            }
            if (chunk == END) {
                ended = true;
                return false;
            }
            current = chunk;
            position = 0;
        }
        return true;
    }

    private void startReadingAhead() {
        chunks = new LinkedBlockingQueue<>();
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[CHUNK];
                    try {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            if (n > 0) {
                                chunks.add(Arrays.copyOf(buffer, n));
                            }
                        }
                    } catch (IOException e) {
                        failure = e;
                    }
                    chunks.add(END);
                },
                "tarbox-stdin");
        pump.setDaemon(true);
        pump.start();
    }
}
