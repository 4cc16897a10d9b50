package io.tarbox.wasi;

import com.dylibso.chicory.runtime.Memory;
import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.FsException;
import io.tarbox.wasi.limits.MeteredMemory;

/**
 * The resource limits of one run; {@link #UNLIMITED} ({@code Long.MAX_VALUE}) in a field means no
 * limit. docs/limits.md describes each.
 *
 * @param maxMemoryBytes linear memory (memory 0), rounded down to whole 64 KiB pages;
 *     {@code memory.grow} past it returns -1 to the guest
 * @param timeoutMillis wall-clock time of the guest's code; the guest is interrupted at the deadline
 * @param fuel instructions the guest may execute (counted by the interpreter, one unit per
 *     instruction); a run with fuel always uses the interpreter
 * @param maxOutputBytes bytes the guest may write to standard output and error together; the write
 *     that crosses the limit is cut at it and the run stops
 * @param maxOpenFiles descriptors the guest may hold open besides stdio and the preopens;
 *     path_open past it returns EMFILE
 * @param maxFileSize size no write or truncate may take a file past: such a write is cut at the
 *     limit (a short write), one starting at or past it and a truncate past it fail with EFBIG
 */
public record RunLimits(
        long maxMemoryBytes, long timeoutMillis, long fuel, long maxOutputBytes, long maxOpenFiles, long maxFileSize) {

    /** No limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    /** No limits at all. */
    public static final RunLimits NONE =
            new RunLimits(UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED, UNLIMITED);

    /**
     * Descriptors a program may open when nothing else is asked for (docs/limits.md): Linux's usual
     * soft limit ({@code ulimit -n}), so programs written for Linux already handle EMFILE there,
     * while a runaway program stops long before it fills the heap with descriptors.
     */
    public static final long DEFAULT_MAX_OPEN_FILES = 1024;

    /** The limits of {@code tarbox run} without options: {@link #NONE} but for the open-files cap. */
    public static final RunLimits DEFAULT = NONE.withMaxOpenFiles(DEFAULT_MAX_OPEN_FILES);

    public RunLimits {
        if (maxMemoryBytes < 0
                || timeoutMillis <= 0
                || fuel < 0
                || maxOutputBytes < 0
                || maxOpenFiles < 0
                || maxFileSize < 0) {
            throw new IllegalArgumentException("limits must not be negative (and the timeout not zero)");
        }
    }

    public RunLimits withMaxMemoryBytes(long bytes) {
        return new RunLimits(bytes, timeoutMillis, fuel, maxOutputBytes, maxOpenFiles, maxFileSize);
    }

    public RunLimits withTimeoutMillis(long millis) {
        return new RunLimits(maxMemoryBytes, millis, fuel, maxOutputBytes, maxOpenFiles, maxFileSize);
    }

    public RunLimits withFuel(long units) {
        return new RunLimits(maxMemoryBytes, timeoutMillis, units, maxOutputBytes, maxOpenFiles, maxFileSize);
    }

    public RunLimits withMaxOutputBytes(long bytes) {
        return new RunLimits(maxMemoryBytes, timeoutMillis, fuel, bytes, maxOpenFiles, maxFileSize);
    }

    public RunLimits withMaxOpenFiles(long count) {
        return new RunLimits(maxMemoryBytes, timeoutMillis, fuel, maxOutputBytes, count, maxFileSize);
    }

    public RunLimits withMaxFileSize(long bytes) {
        return new RunLimits(maxMemoryBytes, timeoutMillis, fuel, maxOutputBytes, maxOpenFiles, bytes);
    }

    /** The memory limit in whole pages, at most the 65536 pages of a 32-bit memory. */
    int maxMemoryPages() {
        return (int) Math.min(maxMemoryBytes / Memory.PAGE_SIZE, MeteredMemory.ENGINE_MAX_PAGES);
    }

    /**
     * How many of {@code length} bytes written at {@code offset} stay within the file-size limit:
     * all, or those below the limit (a short write, as POSIX RLIMIT_FSIZE).
     *
     * @throws FsException FILE_TOO_LARGE (EFBIG) when not one byte fits
     */
    public int writableBytes(long offset, int length) {
        if (length == 0 || offset + length <= maxFileSize) {
            return length;
        }
        if (offset >= maxFileSize) {
            throw new FsException(FsError.FILE_TOO_LARGE, "file size limit of " + maxFileSize + " bytes");
        }
        return (int) (maxFileSize - offset);
    }

    /** @throws FsException FILE_TOO_LARGE (EFBIG) when a file may not have this size */
    public void checkFileSize(long size) {
        if (size > maxFileSize) {
            throw new FsException(FsError.FILE_TOO_LARGE, "file size limit of " + maxFileSize + " bytes");
        }
    }
}
