package io.tarbox.wasi.plugin;

import java.util.Map;
import java.util.Set;

/**
 * What the host functions of one plugin serve: its config, its files, where its log goes, and the
 * log budget of the current call. Until the plugin is started it has no config and no files.
 */
final class HostEnvironment {
    volatile String pluginName = "plugin";
    volatile Set<String> declaredKeys = Set.of();
    volatile Map<String, String> config = Map.of();
    volatile PluginFiles files = PluginFiles.NONE;
    private final PluginLog log;
    private final long maxLogBytes;
    private long logBytes;

    HostEnvironment(PluginLog log, long maxLogBytes) {
        this.log = log;
        this.maxLogBytes = maxLogBytes;
    }

    /** Starts a new call's log budget. */
    synchronized void resetLogBudget() {
        logBytes = 0;
    }

    /**
     * Passes one message on, counting it against the call's budget.
     *
     * @throws PluginException OUTPUT_LIMIT once the call has logged more than the budget
     */
    synchronized void log(PluginLog.Level level, int byteLength, String message) {
        logBytes += byteLength;
        if (logBytes > maxLogBytes) {
            throw new PluginException(
                    PluginException.Kind.OUTPUT_LIMIT,
                    "plugin " + pluginName + ": logged more than the output limit of " + maxLogBytes + " bytes");
        }
        log.log(pluginName, level, message);
    }
}
