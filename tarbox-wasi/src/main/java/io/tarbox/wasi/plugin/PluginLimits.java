package io.tarbox.wasi.plugin;

/**
 * Resource limits for one loaded plugin.
 *
 * @param maxMillis wall-clock budget of each call into the plugin (loading, {@code plugin_init},
 *     each {@code process}, {@code plugin_destroy}), in milliseconds; 0 means unlimited
 * @param maxMemoryBytes most linear memory the plugin may have, in bytes (rounded down to whole
 *     64 KiB pages); {@code memory.grow} past it returns -1 to the plugin
 * @param maxOutputBytes most bytes one {@code process} call may return, and most bytes the plugin
 *     may pass to {@code host_log} during one call
 */
public record PluginLimits(long maxMillis, long maxMemoryBytes, long maxOutputBytes) {

    /** 10 seconds per call, 256 MiB of memory, 64 MiB of output. */
    public static final PluginLimits DEFAULT = new PluginLimits(10_000, 256L << 20, 64L << 20);

    /** Largest output one call can return: its length travels as a positive i32. */
    public static final long MAX_OUTPUT = Integer.MAX_VALUE;

    public PluginLimits {
        if (maxMillis < 0) {
            throw new IllegalArgumentException("maxMillis must not be negative: " + maxMillis);
        }
        if (maxMemoryBytes < 65536) {
            throw new IllegalArgumentException("maxMemoryBytes must be at least one 64 KiB page: " + maxMemoryBytes);
        }
        if (maxOutputBytes < 0 || maxOutputBytes > MAX_OUTPUT) {
            throw new IllegalArgumentException(
                    "maxOutputBytes must be between 0 and " + MAX_OUTPUT + ": " + maxOutputBytes);
        }
    }

    public PluginLimits withMaxMillis(long millis) {
        return new PluginLimits(millis, maxMemoryBytes, maxOutputBytes);
    }

    public PluginLimits withMaxMemoryBytes(long bytes) {
        return new PluginLimits(maxMillis, bytes, maxOutputBytes);
    }

    public PluginLimits withMaxOutputBytes(long bytes) {
        return new PluginLimits(maxMillis, maxMemoryBytes, bytes);
    }

    /** The memory limit in whole WebAssembly pages. */
    int maxMemoryPages() {
        return (int) Math.min(maxMemoryBytes / 65536, 65536);
    }
}
