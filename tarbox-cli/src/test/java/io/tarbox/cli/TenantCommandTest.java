package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tarbox tenant create|list|delete}. */
class TenantCommandTest {
    @TempDir
    Path dir;

    @Test
    void createListDelete() throws Exception {
        Cli cli = new Cli(dir);
        assertEquals("default\n", cli.ok("tenant", "list"));
        cli.ok("tenant", "create", "team-a");
        cli.ok("tenant", "create", "team.b");
        assertEquals("default\nteam-a\nteam.b\n", cli.ok("tenant", "list"));

        JsonNode json = new ObjectMapper().readTree(cli.ok("tenant", "list", "--json"));
        assertEquals(3, json.size());
        assertEquals("team-a", json.get(1).get("name").asText());
        assertTrue(json.get(1).get("created").asText().endsWith("Z"));

        cli.ok("--tenant", "team-a", "mkdir", "/mine");
        cli.ok("tenant", "delete", "team-a");
        assertEquals("default\nteam.b\n", cli.ok("tenant", "list"));
        assertEquals(ExitCodes.NOT_FOUND, cli.run("--tenant", "team-a", "ls").code());
    }

    @Test
    void tenantsAreIsolated() {
        Cli cli = new Cli(dir);
        cli.ok("tenant", "create", "other");
        cli.ok("mkdir", "/only-default");
        cli.ok("--tenant", "other", "mkdir", "/only-other");
        assertEquals("only-default\n", cli.ok("ls"));
        assertEquals("only-other\n", cli.ok("--tenant", "other", "ls"));
    }

    @Test
    void errors() {
        Cli cli = new Cli(dir);
        cli.ok("tenant", "create", "dup");
        Cli.Result exists = cli.run("tenant", "create", "dup");
        assertEquals(ExitCodes.CONFLICT, exists.code(), exists.toString());
        assertTrue(exists.err().startsWith("tarbox: tenant create: "), exists.err());

        Cli.Result invalid = cli.run("tenant", "create", "no/slashes");
        assertEquals(ExitCodes.USAGE, invalid.code(), invalid.toString());
        assertEquals(ExitCodes.USAGE, cli.run("tenant").code());
        assertEquals(ExitCodes.USAGE, cli.run("tenant", "create").code());
    }
}
