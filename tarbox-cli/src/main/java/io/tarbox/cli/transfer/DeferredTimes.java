package io.tarbox.cli.transfer;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Access and modification times to set once a copy is complete. Setting them last matters twice:
 * adding entries to a directory changes its mtime, and a backend may apply buffered writes (and
 * their "now" mtime) when it commits, so the content is committed first.
 */
final class DeferredTimes {
    private final List<long[]> pending = new ArrayList<>();

    void add(long ino, long atimeNs, long mtimeNs) {
        pending.add(new long[] {ino, atimeNs, mtimeNs});
    }

    /** Commits the content written so far, then sets every recorded time. */
    void apply(FilesystemInterface fs) {
        fs.syncAll();
        for (long[] times : pending) {
            fs.setattr(times[0], SetAttributes.times(times[1], times[2]));
        }
        pending.clear();
    }
}
