package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precedence: flags, then TARBOX_* variables, then the configuration file, then defaults. */
class ConfigurationTest {
    @TempDir
    Path dir;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.resolve("home").toString());
        return env;
    }

    private void writeConfig(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void defaultsLiveInTheUsersDataDirectory() {
        Configuration config = Configuration.resolve(new GlobalOptions(), env());
        assertEquals(dir.resolve("home/.local/share/tarbox/tarbox.db").toString(), config.db());
        assertTrue(config.dbIsDefault());
        assertEquals("default", config.tenant());
        assertFalse(config.debug());
    }

    @Test
    void xdgDirectoriesAreHonoured() throws IOException {
        Map<String, String> env = env();
        env.put("XDG_DATA_HOME", dir.resolve("data").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("conf").toString());
        writeConfig(dir.resolve("conf/tarbox/config.properties"), "tenant=fromfile\n");
        Configuration config = Configuration.resolve(new GlobalOptions(), env);
        assertEquals(dir.resolve("data/tarbox/tarbox.db").toString(), config.db());
        assertEquals("fromfile", config.tenant());
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        writeConfig(dir.resolve("home/.config/tarbox/config.properties"), "db=/from/file.db\ntenant=file\n");
        Map<String, String> env = env();
        GlobalOptions flags = new GlobalOptions();
        assertEquals("/from/file.db", Configuration.resolve(flags, env).db());
        assertEquals("file", Configuration.resolve(flags, env).tenant());

        env.put("TARBOX_DB", "/from/env.db");
        env.put("TARBOX_TENANT", "env");
        assertEquals("/from/env.db", Configuration.resolve(flags, env).db());
        assertEquals("env", Configuration.resolve(flags, env).tenant());

        flags.db = "/from/flag.db";
        flags.tenant = "flag";
        Configuration config = Configuration.resolve(flags, env);
        assertEquals("/from/flag.db", config.db());
        assertEquals("flag", config.tenant());
        assertFalse(config.dbIsDefault());
    }

    @Test
    void explicitConfigFileIsUsedAndMustExist() throws IOException {
        Path file = dir.resolve("my.properties");
        writeConfig(file, "db=/explicit.db\n");
        GlobalOptions flags = new GlobalOptions();
        flags.config = file;
        assertEquals("/explicit.db", Configuration.resolve(flags, env()).db());

        flags.config = dir.resolve("missing.properties");
        CliException e = assertThrows(CliException.class, () -> Configuration.resolve(flags, env()));
        assertEquals(ExitCodes.NOT_FOUND, e.exitCode());
    }

    @Test
    void debugFromFlagOrEnvironment() {
        Map<String, String> env = env();
        GlobalOptions flags = new GlobalOptions();
        assertFalse(Configuration.resolve(flags, env).debug());
        env.put("TARBOX_DEBUG", "1");
        assertTrue(Configuration.resolve(flags, env).debug());
        flags.debug = true;
        assertTrue(Configuration.resolve(flags, Map.of("HOME", dir.toString())).debug());
    }

    @Test
    void defaultDatabaseIsCreatedOnFirstUse() {
        Cli cli = new Cli(dir);
        cli.env.remove("TARBOX_DB");
        String said = cli.ok("init");
        Path expected = dir.resolve("home/.local/share/tarbox/tarbox.db");
        assertTrue(Files.isRegularFile(expected), said);
        assertTrue(said.contains(expected.toString()), said);
    }

    @Test
    void controlSwitchFromRunFlagThenEnvironmentThenFile() throws IOException {
        Map<String, String> env = env();
        GlobalOptions flags = new GlobalOptions();
        assertFalse(Configuration.resolve(flags, env).control(null), "off by default");
        writeConfig(dir.resolve("home/.config/tarbox/config.properties"), "control=true\n");
        assertTrue(Configuration.resolve(flags, env).control(null));
        env.put("TARBOX_CONTROL", "0");
        assertFalse(Configuration.resolve(flags, env).control(null));
        assertTrue(Configuration.resolve(flags, env).control(true), "the run's --control wins");
        env.put("TARBOX_CONTROL", "TRUE");
        assertFalse(Configuration.resolve(flags, env).control(false), "and so does its --no-control");
        env.put("TARBOX_CONTROL", "yes please");
        assertEquals(
                ExitCodes.USAGE,
                assertThrows(CliException.class, () -> Configuration.resolve(flags, env))
                        .exitCode());
    }
}
