package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.storage.testing.PostgresTestDatabase;
import io.tarbox.storage.testing.PostgresTestRoles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tarbox init --create-roles}, then the CLI run as the ordinary roles it makes (docs/storage.md,
 * "Deploying on PostgreSQL"): the app role does a day's work on every tenant but cannot prune the
 * trail or change settings; the admin role can; a per-tenant role reaches its tenant only, by any
 * command.
 */
class PostgresRolesCliTest {
    @TempDir
    Path dir;

    private PostgresTestDatabase database;
    private PostgresTestRoles roles;

    @BeforeEach
    void setUp() {
        database = PostgresTestDatabase.create();
        roles = PostgresTestRoles.of(database);
        Cli.Result init = as("postgres").run("init", "--create-roles", "--role-prefix", roles.prefix());
        assertEquals(0, init.code(), init.toString());
        assertTrue(init.out().contains(roles.app() + " (runs Tarbox)"), init.out());
    }

    @AfterEach
    void tearDown() {
        roles.close();
    }

    /** The CLI connecting as {@code role}. */
    private Cli as(String role) {
        Cli cli = new Cli(dir);
        cli.env.put("TARBOX_DB", database.urlAs(role));
        return cli;
    }

    private String hello() throws IOException {
        Path file = dir.resolve("hello.wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/hello.wasm")) {
            Files.write(file, in.readAllBytes());
        }
        return file.toString();
    }

    @Test
    void theAppRoleWorksOnEveryTenantButCannotPruneOrChangeSettings() throws IOException {
        Cli app = as(roles.app());
        app.ok("mkdir", "/work");
        app.runWithInput("hello".getBytes(StandardCharsets.UTF_8), "put", "-", "/work/in.txt");
        assertEquals(
                0,
                app.run("run", "--dir", "/work::/data", hello(), "--", "/data/out.txt")
                        .code());
        assertEquals("in.txt\nout.txt\n", app.ok("ls", "/work"));
        assertTrue(app.ok("runs").contains("  exit 0  1 files changed\n"), app.ok("runs"));
        assertTrue(app.ok("audit").contains("  path_open  /data/out.txt  0  ok\n"));
        app.ok("snapshot", "create", "s1");
        app.ok("gc");
        app.ok("tenant", "create", "other");
        app.ok("--tenant", "other", "mkdir", "/o");
        assertEquals("default\nother\n", app.ok("tenant", "list"));
        app.ok("tenant", "quota", "other", "1M");
        app.ok("tenant", "delete", "other");
        assertTrue(app.ok("db", "status").contains("tenants: 1\n"));

        Cli.Result prune = app.run("audit", "prune", "--before", "0s", "--force");
        assertEquals(ExitCodes.FAILED, prune.code(), prune.toString());
        assertTrue(prune.err().contains("not permitted") && prune.err().contains("tarbox_prune_audit"), prune.err());
        Cli.Result set = app.run("db", "set", "require-audit", "on");
        assertEquals(ExitCodes.FAILED, set.code(), set.toString());
        assertTrue(set.err().contains("not permitted"), set.err());
        Cli.Result grant = app.run("tenant", "grant", "default", roles.tenantRole("eve"));
        assertEquals(ExitCodes.FAILED, grant.code(), grant.toString());

        Cli admin = as(roles.admin());
        assertEquals("setting require-audit: on\n", admin.ok("db", "set", "require-audit", "on"));
        Cli.Result noAudit = app.run("run", "--no-audit", "--dir", "/work::/data", hello(), "--", "/data/x.txt");
        assertEquals(ExitCodes.FAILED, noAudit.code(), noAudit.toString());
        assertTrue(noAudit.err().contains("requires every run to be audited"), noAudit.err());
        admin.ok("audit", "prune", "--before", "0s", "--force");
        assertTrue(app.ok("audit").matches("\\S+  cli  audit prune  before \\S+  \\d+  ok\n"), app.ok("audit"));
    }

    @Test
    void aPerTenantRoleReachesItsTenantOnlyByAnyCommand() throws IOException {
        Cli admin = as(roles.admin());
        admin.ok("tenant", "create", "a");
        admin.ok("tenant", "create", "b");
        admin.ok("--tenant", "b", "mkdir", "/b-secret");
        String alice = roles.tenantRole("alice");
        assertEquals("role '" + alice + "' reaches tenant 'a' only\n", admin.ok("tenant", "grant", "a", alice));

        Cli mine = as(alice);
        mine.ok("--tenant", "a", "mkdir", "/mine");
        assertEquals(
                0,
                mine.run("--tenant", "a", "run", "--dir", "/mine::/data", hello(), "--", "/data/out.txt")
                        .code());
        assertEquals("out.txt\n", mine.ok("--tenant", "a", "ls", "/mine"));
        assertEquals(1, mine.ok("--tenant", "a", "runs").lines().count());
        assertEquals("a\n", mine.ok("tenant", "list"));
        for (String[] command : new String[][] {
            {"--tenant", "b", "ls", "/"},
            {"--tenant", "b", "cat", "/b-secret"},
            {"--tenant", "b", "mkdir", "/planted"},
            {"--tenant", "b", "audit"},
            {"--tenant", "b", "runs"},
            {"--tenant", "b", "gc"},
            {"--tenant", "b", "snapshot", "list"},
            {"tenant", "delete", "b"},
            {"--tenant", "default", "ls", "/"}
        }) {
            Cli.Result r = mine.run(command);
            assertEquals(ExitCodes.NOT_FOUND, r.code(), String.join(" ", command) + "\n" + r);
        }
        assertEquals(ExitCodes.FAILED, mine.run("tenant", "create", "c").code());
        assertEquals(ExitCodes.FAILED, mine.run("tenant", "quota", "a", "1G").code());
        assertEquals("b-secret\n", admin.ok("--tenant", "b", "ls", "/"), "b is as it was");

        assertEquals("role '" + alice + "' no longer reaches tenant 'a'\n", admin.ok("tenant", "revoke", "a", alice));
        Cli.Result revoked = mine.run("tenant", "list");
        assertEquals(ExitCodes.STORAGE, revoked.code(), revoked.toString());
        assertTrue(
                revoked.err().contains("permission denied"),
                "a role that serves no tenant may do nothing: " + revoked.err());
    }

    @Test
    void rolesNeedPostgres() {
        Cli sqlite = new Cli(dir);
        Cli.Result r = sqlite.run("init", "--create-roles");
        assertEquals(ExitCodes.USAGE, r.code(), r.toString());
        assertEquals(
                ExitCodes.FAILED,
                sqlite.run("tenant", "grant", "default", "someone").code());
    }
}
