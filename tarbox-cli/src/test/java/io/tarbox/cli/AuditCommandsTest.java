package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tarbox audit}, {@code tarbox runs}, {@code audit prune}, {@code run --no-audit} and {@code --dir ...:ro}. */
class AuditCommandsTest {
    @TempDir
    Path dir;

    private String hello() throws IOException {
        Path file = dir.resolve("hello.wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/hello.wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    @Test
    void runsAndCommandsAreRecordedAndListed() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/work");
        assertEquals(0, cli.run("run", "--dir", "/work::/data", hello(), "--", "/data/out.txt").code());
        assertEquals(ExitCodes.NOT_FOUND, cli.run("rm", "/nope").code());

        String runs = cli.ok("runs");
        assertEquals(1, runs.lines().count(), runs);
        assertTrue(runs.matches("[0-9a-f-]{36}  hello\\.wasm  \\S+  \\d+ ms  exit 0  1 files changed\n"), runs);
        String runId = runs.substring(0, 36);

        assertEquals(runId + "  path_open  /data/out.txt  0  ok\n" + runId + "  fd_write  /data/out.txt  13  ok\n",
                withoutTimes(cli.ok("audit", "--run", runId)));
        assertEquals("cli  mkdir  /work  0  ok\n", withoutTimes(cli.ok("audit", "--op", "mkdir")));
        assertEquals("cli  rm  /nope  0  errno 44\n", withoutTimes(cli.ok("audit", "--failed")));
        assertEquals(2, withoutTimes(cli.ok("audit", "--path", "/data/*", "--since", "1h")).lines().count());
        assertEquals("", cli.ok("audit", "--since", "2200-01-01T00:00:00Z"));
        String json = cli.ok("audit", "--json", "--op", "fd_write");
        assertTrue(json.contains("\"run\":\"" + runId + "\"") && json.contains("\"bytes\":13")
                && json.matches("(?s).*\"layer\":[1-9].*"), json); // the layer the run wrote to
        assertEquals(ExitCodes.USAGE, cli.run("audit", "--since", "yesterday").code());

        cli.ok("tenant", "create", "ci");
        assertEquals("cli  tenant create  ci  0  ok\n", withoutTimes(cli.ok("audit", "--op", "tenant create")));

        cli.ok("audit", "prune", "--before", "2200-01-01");
        assertEquals("", cli.ok("audit"));
        assertEquals("", cli.ok("runs"));
    }

    @Test
    void noAuditRecordsNothing() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/work");
        assertEquals(0, cli.run("run", "--no-audit", "--dir", "/work::/data", hello(), "--", "/data/out.txt").code());
        assertEquals("", cli.ok("runs"));
        assertEquals("some content\n", cli.ok("cat", "/work/out.txt"));
    }

    @Test
    void aReadOnlyDirRefusesTheProgramsWritesWithEperm() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/work");
        Cli.Result run = cli.run("run", "--dir", "/work::/data:ro", hello(), "--", "/data/out.txt");
        assertTrue(run.code() != 0, run.toString());
        assertEquals(ExitCodes.NOT_FOUND, cli.run("cat", "/work/out.txt").code());
        assertTrue(withoutTimes(cli.ok("audit", "--failed")).endsWith("path_open  /data/out.txt  0  errno 63\n"));

        Path host = Files.createDirectory(dir.resolve("host"));
        Cli.Result hostRun = cli.run("run", "--host-dir", host + "::/data:ro", hello(), "--", "/data/out.txt");
        assertTrue(hostRun.code() != 0, hostRun.toString());
        assertTrue(Files.notExists(host.resolve("out.txt")));
        // without ":ro" the same directory is writable, and a guest name is still parsed
        assertEquals(0, cli.run("run", "--host-dir", host + "::/data", hello(), "--", "/data/out.txt").code());
        assertTrue(Files.exists(host.resolve("out.txt")));
    }

    /** Drops the leading time column. */
    private static String withoutTimes(String lines) {
        return lines.replaceAll("(?m)^\\S+  ", "");
    }
}
