package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox audit}, {@code tarbox runs}, {@code audit prune}, {@code run --no-audit}, the
 * setting require-audit, and {@code --dir ...:ro}, on SQLite (PostgreSQL: {@code PostgresRolesCliTest}).
 */
class AuditCommandsTest {
    @TempDir
    Path dir;

    private String hello() throws IOException {
        return module("hello.wasm");
    }

    private String module(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/wasm/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    @Test
    void runsAndCommandsAreRecordedAndListed() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/work");
        assertEquals(
                0,
                cli.run("run", "--dir", "/work::/data", hello(), "--", "/data/out.txt")
                        .code());
        assertEquals(ExitCodes.NOT_FOUND, cli.run("rm", "/nope").code());

        String runs = cli.ok("runs");
        assertEquals(1, runs.lines().count(), runs);
        assertTrue(runs.matches("[0-9a-f-]{36}  hello\\.wasm  \\S+  \\d+ ms  exit 0  1 files changed\n"), runs);
        String runId = runs.substring(0, 36);

        assertEquals(
                runId + "  path_open  /data/out.txt  0  ok\n" + runId + "  fd_write  /data/out.txt  13  ok\n",
                withoutTimes(cli.ok("audit", "--run", runId)));
        assertEquals("cli  mkdir  /work  0  ok\n", withoutTimes(cli.ok("audit", "--op", "mkdir")));
        assertEquals("cli  rm  /nope  0  errno 44\n", withoutTimes(cli.ok("audit", "--failed")));
        assertEquals(
                2,
                withoutTimes(cli.ok("audit", "--path", "/data/*", "--since", "1h"))
                        .lines()
                        .count());
        assertEquals("", cli.ok("audit", "--since", "2200-01-01T00:00:00Z"));
        String json = cli.ok("audit", "--json", "--op", "fd_write");
        assertTrue(
                json.contains("\"run\":\"" + runId + "\"")
                        && json.contains("\"bytes\":13")
                        && json.matches("(?s).*\"layer\":[1-9].*"),
                json); // the layer the run wrote to
        assertEquals(ExitCodes.USAGE, cli.run("audit", "--since", "yesterday").code());

        cli.ok("tenant", "create", "ci");
        assertEquals("cli  tenant create  ci  0  ok\n", withoutTimes(cli.ok("audit", "--op", "tenant create")));

        cli.ok("audit", "prune", "--before", "0s", "--force");
        assertTrue(withoutTimes(cli.ok("audit")).matches("cli  audit prune  before \\S+Z  5  ok\n"), cli.ok("audit"));
        assertEquals("", cli.ok("runs"));
    }

    @Test
    void pruneKeepsAMinimumAgeRefusesTheFutureAndRecordsItselfForGood() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/work");
        assertEquals(
                0,
                cli.run("run", "--dir", "/work::/data", hello(), "--", "/data/out.txt")
                        .code());
        String before = cli.ok("audit");

        Cli.Result everything = cli.run("audit", "prune", "--before", "0s");
        assertEquals(ExitCodes.USAGE, everything.code(), everything.toString());
        assertTrue(everything.err().contains("minimum age") && everything.err().contains("--force"), everything.err());
        Cli.Result future = cli.run("audit", "prune", "--before", "2200-01-01", "--force");
        assertEquals(ExitCodes.USAGE, future.code(), future.toString());
        assertTrue(future.err().contains("in the future"), future.err());
        assertEquals(before, cli.ok("audit"), "refused prunes remove nothing");
        assertEquals(1, cli.ok("runs").lines().count());

        cli.ok("audit", "prune", "--before", "30d"); // older than the minimum age: nothing to remove
        assertEquals(before, cli.ok("audit").lines().limit(3).reduce("", (a, b) -> a + b + "\n"));
        assertTrue(withoutTimes(cli.ok("audit", "--op", "audit prune"))
                .matches("cli  audit prune  before \\S+Z  0  ok\n"));

        cli.ok("db", "set", "audit-prune-min-age", "0s");
        cli.ok("audit", "prune", "--before", "0s");
        cli.ok("audit", "prune", "--before", "0s", "--force");
        assertEquals(
                List.of("audit prune", "audit prune", "audit prune"),
                cli.ok("audit").lines().map(l -> l.split("  ")[2]).toList(),
                "prunes never remove the record of a prune");
        assertEquals("", cli.ok("runs"), "the finished run went with its events");
    }

    @Test
    void noAuditStillListsTheRunAsNotAudited() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/work");
        assertEquals(
                0,
                cli.run("run", "--no-audit", "--dir", "/work::/data", hello(), "--", "/data/out.txt")
                        .code());
        String runs = cli.ok("runs");
        assertTrue(runs.matches("[0-9a-f-]{36}  hello\\.wasm  \\S+  \\d+ ms  exit 0  not audited\n"), runs);
        assertTrue(cli.ok("runs", "--json").contains("\"audited\":false"));
        assertEquals("", cli.ok("audit", "--run", runs.substring(0, 36)));
        assertEquals("some content\n", cli.ok("cat", "/work/out.txt"));
    }

    @Test
    void theDatabaseCanRequireEveryRunToBeAudited() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "/work");
        assertTrue(cli.ok("db", "status").contains("setting require-audit: off\n"));
        assertEquals("setting require-audit: on\n", cli.ok("db", "set", "require-audit", "on"));
        Cli.Result refused = cli.run("run", "--no-audit", "--dir", "/work::/data", hello(), "--", "/data/out.txt");
        assertEquals(ExitCodes.FAILED, refused.code(), refused.toString());
        assertTrue(refused.err().contains("requires every run to be audited"), refused.err());
        assertEquals(ExitCodes.NOT_FOUND, cli.run("cat", "/work/out.txt").code(), "the program never ran");
        assertEquals("", cli.ok("runs"));
        assertEquals(
                0,
                cli.run("run", "--dir", "/work::/data", hello(), "--", "/data/out.txt")
                        .code());
        assertEquals(
                ExitCodes.USAGE, cli.run("db", "set", "require-audit", "maybe").code());
        assertEquals(
                ExitCodes.USAGE, cli.run("db", "set", "no-such-setting", "on").code());
        cli.ok("db", "set", "require-audit", "off");
        assertEquals(
                0,
                cli.run("run", "--no-audit", "--dir", "/work::/data", hello(), "--", "/data/out.txt")
                        .code());
        assertEquals(2, cli.ok("runs").lines().count());
    }

    @Test
    void aWriteThroughASymlinkIsFoundByThePathOfTheFileItChanged() throws IOException {
        Cli cli = new Cli(dir);
        cli.ok("mkdir", "-p", "/data/secret");
        cli.runWithInput("original".getBytes(), "put", "-", "/data/secret/config.txt");
        assertEquals(
                0,
                cli.run("run", "--dir", "/data", module("symlink.wasm"), "--", "/data")
                        .code());
        assertEquals("tampered", cli.ok("cat", "/data/secret/config.txt"));
        String found = withoutTimes(cli.ok("audit", "--path", "/data/secret/*"));
        assertTrue(
                found.matches("cli  put  /data/secret/config.txt  0  ok\n"
                        + "\\S+  path_open  /data/notes.txt => /data/secret/config.txt  0  ok\n"
                        + "\\S+  fd_write  /data/notes.txt => /data/secret/config.txt  8  ok\n"),
                found);
        assertTrue(cli.ok("audit", "--json", "--op", "fd_write").contains("\"resolved\":\"/data/secret/config.txt\""));
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
        assertEquals(
                0,
                cli.run("run", "--host-dir", host + "::/data", hello(), "--", "/data/out.txt")
                        .code());
        assertTrue(Files.exists(host.resolve("out.txt")));
    }

    /** Drops the leading time column. */
    private static String withoutTimes(String lines) {
        return lines.replaceAll("(?m)^\\S+  ", "");
    }
}
