package io.tarbox.embed;

import io.tarbox.wasi.RunLimit;
import io.tarbox.wasi.RunOutcome;
import java.util.Map;
import java.util.Optional;

/**
 * How a {@link Run} ended.
 *
 * @param outcome the program's end: {@link RunOutcome.Exited} (with its exit code),
 *     {@link RunOutcome.Trapped}, {@link RunOutcome.LimitReached}, {@link RunOutcome.Interrupted}
 * @param collected the files {@link Run#collect} named, as the program left them (empty: no such file)
 * @param published an {@link Run.Mode#ATOMIC} run's changes were published
 * @param runId the run's id in the tenant's {@code runs} (null when not recorded: no tree preopened)
 */
public record RunResult(RunOutcome outcome, Map<String, Optional<byte[]>> collected, boolean published, String runId) {
    public RunResult {
        collected = Map.copyOf(collected);
    }

    /**
     * The exit code {@code tarbox run} would end with: the program's own, 134 for a trap, 9 to 12
     * for a limit (docs/limits.md).
     */
    public int exitCode() {
        return outcome.exitCode();
    }

    /** The program trapped. */
    public boolean trapped() {
        return outcome instanceof RunOutcome.Trapped;
    }

    /** The limit that stopped the run, if one did. */
    public Optional<RunLimit> limitReached() {
        return outcome instanceof RunOutcome.LimitReached limit ? Optional.of(limit.limit()) : Optional.empty();
    }

    /**
     * A file named by {@link Run#collect}, as the program left it; empty when there was no such file.
     *
     * @throws IllegalArgumentException when {@code path} was not collected
     */
    public Optional<byte[]> file(String path) {
        Optional<byte[]> content = collected.get(path);
        if (content == null) {
            throw new IllegalArgumentException(path + " was not collected (Run.collect)");
        }
        return content;
    }
}
