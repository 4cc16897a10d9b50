package io.tarbox.cli.transfer;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long transfer: a bar on stderr when a person is watching, nothing otherwise (so
 * scripts and pipes see clean output). The bar's classes load only when one is shown.
 */
public class Progress implements AutoCloseable {
    /** Transfers smaller than this finish too fast to need a bar. */
    private static final long MIN_BYTES = 16L << 20;

    /** No progress shown. */
    public static final Progress NONE = new Progress();

    private Progress() {}

    /**
     * @param interactive whether stdout/stderr is a terminal
     * @param total bytes expected, or a negative number when unknown
     */
    public static Progress start(boolean interactive, String task, long total) {
        if (!interactive || (total >= 0 && total < MIN_BYTES)) {
            return NONE;
        }
        return new Bar(task, total);
    }

    /** Records {@code bytes} more done. */
    public void step(long bytes) {}

    @Override
    public void close() {}

    private static final class Bar extends Progress {
        private final ProgressBar bar;

        Bar(String task, long total) {
            bar = new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(total)
                    .setUnit("MiB", 1L << 20)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err))
                    .showSpeed()
                    .build();
        }

        @Override
        public void step(long bytes) {
            bar.stepBy(bytes);
        }

        @Override
        public void close() {
            bar.close();
        }
    }
}
