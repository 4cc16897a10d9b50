package io.tarbox.cli.transfer;

import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/** Converts between host {@link FileTime}s and the tree's nanoseconds since the epoch. */
final class TimeAttributes {
    private TimeAttributes() {}

    static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }

    static FileTime fileTime(long epochNs) {
        return FileTime.from(java.time.Instant.ofEpochSecond(
                Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L)));
    }
}
