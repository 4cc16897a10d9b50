package io.tarbox.wasi.p2;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import io.tarbox.component.abi.CanonicalTrap;
import io.tarbox.component.link.HostInstance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:io/error}, {@code wasi:io/poll} and {@code wasi:io/streams}. File streams and output
 * streams are always ready; stdin is ready when it has input (or has ended); clock pollables at
 * their instant. Blocking waits only on stdin and clocks, never on storage.
 */
final class IoHosts {
    private IoHosts() {}

    static List<HostInstance> instances(P2Context context, P2Resources r) {
        HostInstance error = new HostInstance("wasi:io/error")
                .resource("error", r.error)
                .func("[method]error.to-debug-string", 1, a -> {
                    IoError e = (IoError) a[0];
                    return e.code() == null ? e.message() : e.code().wit() + ": " + e.message();
                });
        HostInstance poll = new HostInstance("wasi:io/poll")
                .resource("pollable", r.pollable)
                .func("[method]pollable.ready", 1, a -> ((Pollable) a[0]).ready())
                .func("[method]pollable.block", 1, a -> {
                    awaitAny(List.of(a[0]));
                    return null;
                })
                .func("poll", 1, a -> poll(castList(a[0])));
        HostInstance streams = new HostInstance("wasi:io/streams")
                .resource("error", r.error)
                .resource("pollable", r.pollable)
                .resource("input-stream", r.inputStream)
                .resource("output-stream", r.outputStream)
                .func(
                        "[method]input-stream.read",
                        2,
                        a -> StreamException.result(() -> ((P2InputStream) a[0]).read((Long) a[1], false)))
                .func(
                        "[method]input-stream.blocking-read",
                        2,
                        a -> StreamException.result(() -> ((P2InputStream) a[0]).read((Long) a[1], true)))
                .func(
                        "[method]input-stream.skip",
                        2,
                        a -> StreamException.result(
                                () -> (long) ((P2InputStream) a[0]).read((Long) a[1], false).length))
                .func(
                        "[method]input-stream.blocking-skip",
                        2,
                        a -> StreamException.result(() -> (long) ((P2InputStream) a[0]).read((Long) a[1], true).length))
                .func("[method]input-stream.subscribe", 1, a -> ((P2InputStream) a[0]).subscribe())
                .func(
                        "[method]output-stream.check-write",
                        1,
                        a -> StreamException.result(() -> ((P2OutputStream) a[0]).checkWrite()))
                .func(
                        "[method]output-stream.write",
                        2,
                        a -> StreamException.result(() -> {
                            ((P2OutputStream) a[0]).write((byte[]) a[1]);
                            return null;
                        }))
                .func(
                        "[method]output-stream.blocking-write-and-flush",
                        2,
                        a -> StreamException.result(() -> {
                            P2OutputStream out = (P2OutputStream) a[0];
                            out.write((byte[]) a[1]);
                            out.flush();
                            return null;
                        }))
                .func(
                        "[method]output-stream.flush",
                        1,
                        a -> StreamException.result(() -> {
                            ((P2OutputStream) a[0]).flush();
                            return null;
                        }))
                .func(
                        "[method]output-stream.blocking-flush",
                        1,
                        a -> StreamException.result(() -> {
                            ((P2OutputStream) a[0]).flush();
                            return null;
                        }))
                .func("[method]output-stream.subscribe", 1, a -> Pollable.READY)
                .func(
                        "[method]output-stream.write-zeroes",
                        2,
                        a -> StreamException.result(() -> {
                            ((P2OutputStream) a[0]).write(zeroes((Long) a[1]));
                            return null;
                        }))
                .func(
                        "[method]output-stream.blocking-write-zeroes-and-flush",
                        2,
                        a -> StreamException.result(() -> {
                            P2OutputStream out = (P2OutputStream) a[0];
                            out.write(zeroes((Long) a[1]));
                            out.flush();
                            return null;
                        }))
                .func(
                        "[method]output-stream.splice",
                        3,
                        a -> StreamException.result(
                                () -> splice((P2OutputStream) a[0], (P2InputStream) a[1], (Long) a[2], false)))
                .func(
                        "[method]output-stream.blocking-splice",
                        3,
                        a -> StreamException.result(
                                () -> splice((P2OutputStream) a[0], (P2InputStream) a[1], (Long) a[2], true)));
        return List.of(error, poll, streams);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object list) {
        return (List<Object>) list;
    }

    private static byte[] zeroes(long len) {
        if (len < 0 || len > P2OutputStream.PERMIT) {
            throw StreamException.failed(
                    io.tarbox.wasi.host.FilesystemErrorCode.INVALID, "write-zeroes of more than check-write permits");
        }
        return new byte[(int) len];
    }

    /** Moves up to {@code len} bytes from {@code in} to {@code out}; the count moved. */
    private static long splice(P2OutputStream out, P2InputStream in, long len, boolean blocking) {
        long permit = out.checkWrite();
        byte[] data = in.read(Math.min(len, permit), blocking);
        out.write(data);
        if (blocking) {
            out.flush();
        }
        return data.length;
    }

    /** The indices of the ready pollables, waiting until at least one is. */
    private static List<Object> poll(List<Object> pollables) {
        if (pollables.isEmpty()) {
            throw new CanonicalTrap("poll of an empty list");
        }
        awaitAny(pollables);
        List<Object> ready = new ArrayList<>();
        for (int i = 0; i < pollables.size(); i++) {
            if (((Pollable) pollables.get(i)).ready()) {
                ready.add(i);
            }
        }
        return ready;
    }

    private static void awaitAny(List<Object> pollables) {
        while (true) {
            long deadline = Long.MAX_VALUE;
            Optional<Pollable.Stdin> stdin = Optional.empty();
            for (Object o : pollables) {
                Pollable p = (Pollable) o;
                if (p.ready()) {
                    return;
                }
                if (p instanceof Pollable.Stdin s) {
                    stdin = Optional.of(s);
                }
                long d = p.deadline();
                if (d != Long.MAX_VALUE && (deadline == Long.MAX_VALUE || d - deadline < 0)) {
                    deadline = d;
                }
            }
            long wait = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, deadline - System.nanoTime());
            if (stdin.isPresent()) {
                try {
                    stdin.get().in.ready(wait);
                } catch (IOException e) {
                    return; // the read reports it
                }
            } else if (wait == Long.MAX_VALUE) {
                throw new CanonicalTrap("waiting on pollables that can never become ready");
            } else {
                sleep(wait);
            }
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("interrupted while waiting on pollables");
        }
    }
}
