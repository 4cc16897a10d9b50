package io.tarbox.wasi.plugin;

import io.tarbox.core.fs.FilesystemInterface;
import java.util.List;
import java.util.Map;

/**
 * What a user gives a plugin when starting it.
 *
 * @param tenant the tenant whose tree {@code fs} is; passed to the plugin in its context
 * @param fs the tenant's tree the file host functions read, or null for none
 * @param config config values; every key must be declared in the manifest
 * @param grants absolute paths of {@code fs} the user lets the plugin read (files, or directories
 *     and everything below); effective only where the manifest asks for them too
 */
public record PluginEnvironment(
        String tenant, FilesystemInterface fs, Map<String, String> config, List<String> grants) {

    public PluginEnvironment {
        config = Map.copyOf(config);
        grants = List.copyOf(grants);
    }

    /** No tree, no config, no grants. */
    public static PluginEnvironment empty(String tenant) {
        return new PluginEnvironment(tenant, null, Map.of(), List.of());
    }
}
