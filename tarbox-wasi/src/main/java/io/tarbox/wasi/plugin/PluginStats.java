package io.tarbox.wasi.plugin;

/**
 * What a plugin has used so far.
 *
 * @param invocations completed and failed {@code process} calls
 * @param retries times {@code plugin_process} was called again with a bigger output buffer
 * @param processNanos wall-clock time spent in {@code process} calls
 * @param totalNanos wall-clock time spent in all calls into the plugin, loading included
 * @param memoryPages the plugin's linear memory in 64 KiB pages; memory never shrinks, so this is
 *     also the peak
 */
public record PluginStats(long invocations, long retries, long processNanos, long totalNanos, int memoryPages) {

    /** The peak linear memory in bytes. */
    public long memoryBytes() {
        return (long) memoryPages * 65536;
    }
}
