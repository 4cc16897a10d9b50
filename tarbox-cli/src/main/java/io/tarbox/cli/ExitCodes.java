package io.tarbox.cli;

import io.tarbox.core.fs.FsError;
import io.tarbox.core.fs.IoErrors;
import io.tarbox.storage.StorageException;
import io.tarbox.wasi.RunLimit;
import io.tarbox.wasi.plugin.PluginException;
import java.io.IOException;

/**
 * The exit codes of the {@code tarbox} command. This is the only place that maps errors to codes;
 * the table is documented in {@code docs/cli.md}.
 */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** A file operation failed for another reason (I/O, invalid argument, permission). */
    public static final int FAILED = 1;
    /** Usage error: unknown flag, missing or malformed argument. */
    public static final int USAGE = 2;
    /** A path, tenant, module file or preopen directory does not exist. */
    public static final int NOT_FOUND = 3;
    /**
     * Target exists, directory not empty, file where a directory is needed or vice versa; busy (a
     * snapshot others depend on, a tenant another process has open).
     */
    public static final int CONFLICT = 4;
    /** Database unreachable, not a SQLite/Tarbox database, not writable, or from a newer Tarbox. */
    public static final int STORAGE = 5;
    /** Not WebAssembly, malformed, unsatisfied imports, nothing to run. */
    public static final int INVALID_MODULE = 6;
    /** Tenant quota or storage full. */
    public static final int NO_SPACE = 7;
    /** {@code plugin run}: the plugin failed: {@code plugin_init} or {@code plugin_process} returned an error code. */
    public static final int PLUGIN_FAILED = 8;
    /** {@code run}, {@code plugin run}: the program ran into its time limit (--timeout, --max-ms). */
    public static final int TIME_LIMIT = 9;
    /** {@code run}, {@code plugin run}: the program ran out of memory under its limit (--max-memory). */
    public static final int MEMORY_LIMIT = 10;
    /** {@code run}, {@code plugin run}: the program's output (or a plugin's log) exceeded its limit (--max-output). */
    public static final int OUTPUT_LIMIT = 11;
    /** {@code run}: the program used up its fuel (--fuel). */
    public static final int FUEL_LIMIT = 12;
    /**
     * {@code run --host-dir}, {@code export} to a directory: host directories cannot be held safely
     * on this platform (not Linux on x86-64 or aarch64, no /proc, or the native calls do not load),
     * so Tarbox refuses rather than walk host paths that another process could redirect.
     */
    public static final int UNSUPPORTED = 13;
    /** {@code fsck}: the tree is not consistent (problems remain, after a repair if one was asked for). */
    public static final int INCONSISTENT = 14;
    /** Interrupted (as by SIGINT: 128 + 2). */
    public static final int INTERRUPTED = 130;
    /** A bug in Tarbox. */
    public static final int INTERNAL = 70;
    /** {@code run}: the WebAssembly program trapped. */
    public static final int TRAP = io.tarbox.wasi.RunOutcome.TRAP_EXIT_CODE;

    private ExitCodes() {}

    /** The exit code for a failed filesystem operation; every error is named, so a new one must be mapped here. */
    public static int of(FsError error) {
        return switch (error) {
            case NOT_FOUND -> NOT_FOUND;
            case EXISTS, NOT_DIRECTORY, IS_DIRECTORY, NOT_EMPTY, BUSY -> CONFLICT;
            case NO_SPACE -> NO_SPACE;
            case LOOP,
                    NAME_TOO_LONG,
                    FILE_TOO_LARGE,
                    READ_ONLY,
                    NOT_PERMITTED,
                    ACCESS_DENIED,
                    INVALID,
                    NOT_SUPPORTED,
                    CROSS_DEVICE,
                    IO -> FAILED;
        };
    }

    /**
     * The exit code when committing a command's changes fails: the database is full (or the quota
     * reached), an atomic run's changes conflict with another process's, or else the storage failed.
     */
    public static int ofCommit(FsError error) {
        return switch (error) {
            case NO_SPACE -> NO_SPACE;
            case BUSY -> CONFLICT; // an atomic run's changes clash with another process's (nothing applied)
            default -> STORAGE;
        };
    }

    /**
     * The exit code for a database that cannot be opened or used: unreachable, not SQLite, not a
     * Tarbox store, not writable, or from a newer Tarbox.
     */
    public static int of(StorageException error) {
        return STORAGE;
    }

    /** The exit code for a failed operation on a host file: as for the contract error it is ({@link IoErrors}). */
    public static int of(IOException error) {
        return of(IoErrors.of(error));
    }

    /** The exit code for a plugin that could not be loaded or failed (docs/plugins.md). */
    public static int of(PluginException.Kind kind) {
        return switch (kind) {
            case INVALID_MODULE, MISSING_EXPORT, BAD_MANIFEST -> INVALID_MODULE;
            case BAD_CONFIG -> USAGE;
            case INIT_FAILED, PROCESS_FAILED -> PLUGIN_FAILED;
            case TRAP -> TRAP;
            case TIME_LIMIT -> TIME_LIMIT;
            case MEMORY_LIMIT -> MEMORY_LIMIT;
            case OUTPUT_LIMIT -> OUTPUT_LIMIT;
            case INTERRUPTED -> INTERRUPTED;
        };
    }

    /**
     * {@code run}: the exit code of a run a signal stopped, 128 + the signal's number (143 for
     * SIGTERM, 130 for SIGINT, 129 for SIGHUP), as the JVM exits with and shells report it.
     */
    public static int ofSignal(int signalNumber) {
        return 128 + signalNumber;
    }

    /** The exit code for a run stopped by one of its limits (docs/limits.md). */
    public static int of(RunLimit limit) {
        return limit.exitCode(); // the codes are chosen there; ExitCodesTest checks the constants above agree
    }
}
