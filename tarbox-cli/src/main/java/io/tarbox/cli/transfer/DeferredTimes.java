package io.tarbox.cli.transfer;

import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.fs.SetAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Access and modification times to set once a copy is complete. They are set last because adding
 * entries to a directory changes its mtime, as tar(1) does when it extracts.
 */
final class DeferredTimes {
    private final List<long[]> pending = new ArrayList<>();

    void add(long ino, long atimeNs, long mtimeNs) {
        pending.add(new long[] {ino, atimeNs, mtimeNs});
    }

    /** Commits the content written so far (one commit for the whole copy), then sets every recorded time. */
    void apply(FilesystemInterface fs) {
        fs.syncAll();
        for (long[] times : pending) {
            fs.setattr(times[0], SetAttributes.times(times[1], times[2]));
        }
        pending.clear();
    }
}
