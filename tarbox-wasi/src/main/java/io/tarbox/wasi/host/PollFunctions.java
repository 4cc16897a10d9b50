package io.tarbox.wasi.host;

import static io.tarbox.wasi.host.WasiFunction.params;
import static io.tarbox.wasi.host.WasiFunction.results;
import static io.tarbox.wasi.host.WasiType.POINTER;
import static io.tarbox.wasi.host.WasiType.SIZE;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Memory;
import io.tarbox.wasi.host.WasiFunction.Call;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * poll_oneoff: clock subscriptions (relative or absolute, realtime or monotonic) and fd_read /
 * fd_write subscriptions. Regular files are always ready, as in POSIX and wasmtime; stdout and
 * stderr are always writable; stdin is ready once a byte (or end of input) is there. A subscription
 * on a descriptor that is not open, or not a file or stdio stream, fails the whole call with EBADF,
 * as wasmtime. The wait is interruptible: interrupting the thread stops the guest.
 */
final class PollFunctions {
    private static final int SUBSCRIPTION_SIZE = 48;
    private static final int EVENT_SIZE = 32;
    private static final int EVENT_CLOCK = 0;
    private static final int EVENT_FD_READ = 1;
    private static final int EVENT_FD_WRITE = 2;
    private static final int SUBCLOCK_ABSTIME = 1;
    private static final short FD_READWRITE_HANGUP = 1;

    private final WasiContext context;

    PollFunctions(WasiContext context) {
        this.context = context;
    }

    List<WasiFunction> functions() {
        return List.of(WasiFunction.declare(
                "poll_oneoff",
                params(POINTER.named("in"), POINTER.named("out"), SIZE.named("nsubscriptions")),
                results(SIZE.named("nevents")),
                this::pollOneoff));
    }

    /** One event to report. */
    private record Event(long userdata, int errno, int type, long nbytes, short flags) {}

    private void pollOneoff(Call c) {
        Memory memory = c.memory();
        int in = c.i32(0);
        int out = c.i32(1);
        int count = c.i32(2);
        if (count == 0) {
            throw WasiError.of(Errno.INVAL); // as wasmtime: there is nothing to wait for
        }
        List<Event> ready = new ArrayList<>();
        long deadline = Long.MAX_VALUE; // monotonic
        long clockUserdata = 0;
        boolean hasClock = false;
        List<Long> stdinWaiters = new ArrayList<>();
        StreamDescriptor stdin = null;

        for (int i = 0; i < count; i++) {
            int sub = in + i * SUBSCRIPTION_SIZE;
            long userdata = memory.readLong(sub);
            int tag = memory.read(sub + 8) & 0xFF;
            if (tag == EVENT_CLOCK) {
                int clockId = memory.readInt(sub + 16);
                long timeout = memory.readLong(sub + 24);
                int flags = memory.readShort(sub + 40) & 0xFFFF;
                if ((clockId != WasiClocks.REALTIME && clockId != WasiClocks.MONOTONIC)
                        || (flags & ~SUBCLOCK_ABSTIME) != 0) {
                    throw WasiError.of(Errno.INVAL);
                }
                long relative = timeout;
                if ((flags & SUBCLOCK_ABSTIME) != 0) {
                    relative = timeout - context.clocks.time(clockId);
                }
                long at = saturatingAdd(context.clocks.monotonic(), Math.max(0, relative));
                if (!hasClock || at < deadline) {
                    deadline = at;
                    clockUserdata = userdata;
                }
                hasClock = true;
            } else if (tag == EVENT_FD_READ || tag == EVENT_FD_WRITE) {
                int fd = memory.readInt(sub + 16);
                Descriptor descriptor = context.fds.get(fd);
                if (descriptor == null || descriptor instanceof DirectoryDescriptor) {
                    throw WasiError.of(Errno.BADF);
                }
                if (descriptor instanceof FileDescriptor file) {
                    long nbytes = tag == EVENT_FD_READ
                            ? Math.max(0, file.mount.fs.getattr(file.ino).size() - file.position)
                            : 0;
                    ready.add(new Event(userdata, Errno.SUCCESS, tag, nbytes, (short) 0));
                } else if (descriptor instanceof StreamDescriptor stream
                        && tag == EVENT_FD_WRITE
                        && stream.out != null) {
                    ready.add(new Event(userdata, Errno.SUCCESS, tag, 0, (short) 0));
                } else if (descriptor instanceof StreamDescriptor stream && tag == EVENT_FD_READ && stream.in != null) {
                    stdin = stream;
                    stdinWaiters.add(userdata);
                } else {
                    throw WasiError.of(Errno.BADF); // reading stdout or writing stdin
                }
            } else {
                throw WasiError.of(Errno.INVAL);
            }
        }

        if (stdin != null) {
            long wait = !ready.isEmpty() ? 0 : hasClock ? deadline - context.clocks.monotonic() : Long.MAX_VALUE;
            stdinEvents(stdin, stdinWaiters, ready, wait);
        }
        if (ready.isEmpty() && hasClock) {
            sleepUntil(deadline);
        }
        if (hasClock && context.clocks.monotonic() >= deadline) {
            ready.add(new Event(clockUserdata, Errno.SUCCESS, EVENT_CLOCK, 0, (short) 0));
        }
        for (int i = 0; i < ready.size(); i++) {
            writeEvent(memory, out + i * EVENT_SIZE, ready.get(i));
        }
        memory.writeI32(c.out(0), ready.size());
    }

    /** Adds the stdin events once input (or its end) is there, waiting up to {@code waitNanos}. */
    private static void stdinEvents(StreamDescriptor stdin, List<Long> waiters, List<Event> ready, long waitNanos) {
        long nbytes;
        int errno = Errno.SUCCESS;
        try {
            nbytes = stdin.in.ready(waitNanos);
        } catch (IOException e) {
            nbytes = 0;
            errno = Errno.IO;
        }
        if (nbytes < 0) {
            return;
        }
        for (long userdata : waiters) {
            ready.add(new Event(userdata, errno, EVENT_FD_READ, nbytes, nbytes == 0 ? FD_READWRITE_HANGUP : 0));
        }
    }

    private void sleepUntil(long deadline) {
        long left;
        while ((left = deadline - context.clocks.monotonic()) > 0) {
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChicoryInterruptedException("interrupted in poll_oneoff", e);
            }
        }
    }

    private static void writeEvent(Memory memory, int ptr, Event event) {
        memory.writeLong(ptr, event.userdata());
        memory.writeShort(ptr + 8, (short) event.errno());
        memory.writeByte(ptr + 10, (byte) event.type());
        memory.fill((byte) 0, ptr + 11, ptr + 16);
        memory.writeLong(ptr + 16, event.nbytes());
        memory.writeShort(ptr + 24, event.flags());
        memory.fill((byte) 0, ptr + 26, ptr + 32);
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
