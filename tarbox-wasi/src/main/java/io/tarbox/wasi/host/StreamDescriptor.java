package io.tarbox.wasi.host;

import java.io.InputStream;
import java.io.OutputStream;

/** Standard input, output or error: a Java stream, not seekable. */
final class StreamDescriptor extends Descriptor {
    /** Non-null for stdin. */
    final GuestInput in;
    /** Non-null for stdout and stderr. */
    final OutputStream out;

    private final boolean terminal;

    private StreamDescriptor(GuestInput in, OutputStream out, long rights, boolean terminal) {
        super(rights, 0, 0);
        this.in = in;
        this.out = out;
        this.terminal = terminal;
    }

    static StreamDescriptor input(InputStream in, boolean terminal) {
        return new StreamDescriptor(new GuestInput(in), null, Rights.STDIN, terminal);
    }

    static StreamDescriptor output(OutputStream out, boolean terminal) {
        return new StreamDescriptor(null, out, Rights.STDOUT, terminal);
    }

    @Override
    int filetype() {
        return terminal ? Flags.FILETYPE_CHARACTER_DEVICE : Flags.FILETYPE_UNKNOWN;
    }
}
