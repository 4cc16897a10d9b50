package io.tarbox.wasi.plugin;

/** Where the messages a plugin passes to {@code host_log} go. */
@FunctionalInterface
public interface PluginLog {

    /** The {@code level} argument of {@code host_log}; its number is the ordinal. */
    enum Level {
        DEBUG,
        INFO,
        WARN,
        ERROR;

        /** The level numbered {@code n}, or null when there is none. */
        static Level of(int n) {
            Level[] all = values();
            return n >= 0 && n < all.length ? all[n] : null;
        }
    }

    /** Drops every message. */
    PluginLog DISCARD = (plugin, level, message) -> {};

    /**
     * Receives one message.
     *
     * @param plugin the plugin's name from its manifest (or "plugin" before it is known)
     */
    void log(String plugin, Level level, String message);
}
