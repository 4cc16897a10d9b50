package io.tarbox.wasi.limits;

import io.tarbox.wasi.RunLimit;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.Stdio;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Standard output or error under the run's output limit, which both streams draw from. The write
 * that crosses the limit is cut at it, flushed, and the run stops ({@link RunLimit#OUTPUT}).
 */
public final class LimitedOutput extends FilterOutputStream {
    private final AtomicLong left;
    private final long limit;

    private LimitedOutput(OutputStream out, AtomicLong left, long limit) {
        super(out);
        this.left = left;
        this.limit = limit;
    }

    /** The stdio with stdout and stderr sharing {@code limit} bytes; as is when there is no limit. */
    public static Stdio limit(Stdio stdio, long limit) {
        if (limit == RunLimits.UNLIMITED) {
            return stdio;
        }
        AtomicLong left = new AtomicLong(limit);
        return new Stdio(
                stdio.in(),
                new LimitedOutput(stdio.out(), left, limit),
                new LimitedOutput(stdio.err(), left, limit),
                stdio.terminal());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        long allowed = Math.min(len, Math.max(0, left.getAndAdd(-len)));
        out.write(b, off, (int) allowed);
        if (allowed < len) {
            out.flush();
            throw new LimitExceededException(RunLimit.OUTPUT, "output limit of " + limit + " bytes reached");
        }
    }
}
