package io.tarbox.wasi.p2;

import io.tarbox.wasi.host.GuestInput;
import java.io.IOException;

/** The rep of a {@code wasi:io/poll.pollable}: something that is ready now or will be. */
abstract class Pollable {
    /** Ready at once and for good (file streams, output streams). */
    static final Pollable READY = new Pollable() {
        @Override
        boolean ready() {
            return true;
        }
    };

    abstract boolean ready();

    /** The monotonic time (System.nanoTime) at which it becomes ready, or Long.MAX_VALUE if unknown. */
    long deadline() {
        return ready() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    /** Ready at a monotonic instant ({@code subscribe-instant}, {@code subscribe-duration}). */
    static final class Deadline extends Pollable {
        private final long at;

        Deadline(long at) {
            this.at = at;
        }

        @Override
        boolean ready() {
            return System.nanoTime() - at >= 0;
        }

        @Override
        long deadline() {
            return at;
        }
    }

    /** Ready when standard input has bytes or has ended. */
    static final class Stdin extends Pollable {
        final GuestInput in;

        Stdin(GuestInput in) {
            this.in = in;
        }

        @Override
        boolean ready() {
            try {
                return in.ready(0) >= 0;
            } catch (IOException e) {
                return true; // the read will report the failure
            }
        }
    }
}
