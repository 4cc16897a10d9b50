package io.tarbox.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code tarbox --version}: the version and the commit Maven wrote into {@code version.properties}
 * ("tarbox 0.1.0 (commit 1a2b3c4d5e6f)"; the commit is "unknown" for a build outside a git checkout).
 */
public final class Version implements IVersionProvider {
    static String commit(Properties properties) {
        String commit = properties.getProperty("commit", "");
        return commit.isBlank() || commit.startsWith("${") ? "unknown" : commit.trim();
    }

    @Override
    public String[] getVersion() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/io/tarbox/cli/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        }
        return new String[] {
            "tarbox " + properties.getProperty("version", "unknown") + " (commit " + commit(properties) + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
