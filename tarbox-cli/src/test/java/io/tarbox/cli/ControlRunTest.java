package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox run --control}: the program sees /.tarbox and checkpoints, inspects and rolls back
 * its tree (tarbox-wasi/src/test/c/control/control.c); without the switch there is no /.tarbox.
 */
class ControlRunTest {
    @TempDir
    Path dir;

    private String module() throws IOException {
        Path file = dir.resolve("control.wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/control.wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    @Test
    void aProgramDrivesItsLayersThroughTheControlFiles() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        Cli.Result run = cli.run("run", "--control", "--dir", "/::/data", module(), "--", "control");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("ok audit and usage\nPASS control: "), run.toString());
        assertEquals("v1", cli.ok("cat", "/keep.txt"), "switched back to the checkpoint");
        assertEquals("3", cli.ok("cat", "/second.txt"));
        assertTrue(cli.ok("audit", "--path", "/.tarbox/layers/*").contains("/.tarbox/layers/new"));
    }

    @Test
    void withoutTheSwitchThereIsNoTarboxDirectory() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        Cli.Result run = cli.run("run", "--dir", "/::/data", module(), "--", "absent");
        assertEquals(0, run.code(), run.toString());
        cli.env.put("TARBOX_CONTROL", "true");
        run = cli.run("run", "--no-control", "--dir", "/::/data", module(), "--", "absent");
        assertEquals(0, run.code(), run.toString());
    }

    @Test
    void theConfigurationSwitchTurnsThemOn() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("init");
        Files.createDirectories(dir.resolve("home/.config/tarbox"));
        Files.writeString(dir.resolve("home/.config/tarbox/config.properties"), "control=true\n");
        Cli.Result run = cli.run("run", "--dir", "/::/data", module(), "--", "control");
        assertEquals(0, run.code(), run.toString());
    }

    @Test
    void controlNeedsATree() throws IOException {
        Cli cli = new Cli(dir);
        Files.createDirectories(dir.resolve("host"));
        Cli.Result run =
                cli.run("run", "--control", "--host-dir", dir.resolve("host") + "::/data", module(), "--", "absent");
        assertEquals(ExitCodes.USAGE, run.code(), run.toString());
        assertEquals("tarbox: run: --control needs a --dir: the control files act on the tenant's tree\n", run.err());
        assertTrue(Files.notExists(cli.db), "no database is opened");

        cli.env.put("TARBOX_CONTROL", "1"); // the configuration's switch applies to runs with a tree only
        run = cli.run("run", "--host-dir", dir.resolve("host") + "::/data", module(), "--", "absent");
        assertEquals(0, run.code(), run.toString());

        cli.env.put("TARBOX_CONTROL", "maybe");
        run = cli.run("run", "--dir", "/::/data", module(), "--", "absent");
        assertEquals(ExitCodes.USAGE, run.code(), run.toString());
        assertTrue(run.err().endsWith("TARBOX_CONTROL: expected true or false, got 'maybe'\n"), run.err());
    }
}
