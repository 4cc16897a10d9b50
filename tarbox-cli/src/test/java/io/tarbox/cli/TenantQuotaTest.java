package io.tarbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tarbox tenant quota}, usage in {@code tenant list} and {@code du}, ENOSPC for programs, exit 7 for commands. */
class TenantQuotaTest {
    @TempDir
    Path dir;

    @Test
    void quotaStopsWritesOfCommandsAndPrograms() throws Exception {
        Cli cli = new Cli(dir);
        assertEquals(
                "tenant 'default': quota 204800 bytes, 0 bytes stored\n", cli.ok("tenant", "quota", "default", "200K"));
        assertEquals("default\t0\t204800\n", cli.ok("tenant", "list", "-l"));

        byte[] random = new byte[150_000];
        new Random(1).nextBytes(random);
        Path host = dir.resolve("random.bin");
        Files.write(host, random);
        cli.ok("put", host.toString(), "/first.bin");
        Cli.Result full = cli.run("put", host.toString(), "/second.bin");
        assertEquals(ExitCodes.NO_SPACE, full.code(), full.toString());
        assertTrue(full.err().startsWith("tarbox: put: "), full.toString());

        JsonNode json = new ObjectMapper().readTree(cli.ok("tenant", "list", "--json"));
        long used = json.get(0).get("usedBytes").asLong();
        assertTrue(used >= 150_000 && used <= 204_800, json.toString());
        assertEquals(204_800, json.get(0).get("quotaBytes").asLong());
        assertTrue(
                cli.ok("du", "-s", "/")
                        .endsWith("quota: " + used + " of 204800 stored by tenant 'default' (" + used * 100 / 204_800
                                + "%)\n"),
                cli.ok("du", "-s", "/"));

        Path module = dir.resolve("limits.wasm");
        try (InputStream in = getClass().getResourceAsStream("/wasm/limits.wasm")) {
            Files.write(module, in.readAllBytes());
        }
        cli.ok("mkdir", "/data");
        Cli.Result fill = cli.run("run", "--dir", "/data", module.toString(), "fill", "/data");
        assertEquals(0, fill.code(), fill.toString());
        assertTrue(fill.out().matches("write failed after \\d+ bytes: ENOSPC\n"), fill.toString());
        assertEquals("committed before the limit\n", cli.ok("cat", "/data/before.txt"));

        assertEquals(
                "tenant 'default': no quota, "
                        + json(cli).get(0).get("usedBytes").asLong() + " bytes stored\n",
                cli.ok("tenant", "quota", "default", "none"));
        assertTrue(cli.ok("tenant", "list", "-l").endsWith("\t-\n"));
        assertTrue(json(cli).get(0).get("quotaBytes").isNull());
        assertEquals(0, cli.run("put", host.toString(), "/second.bin").code());
        assertTrue(!cli.ok("du", "-s", "/").contains("quota"));
    }

    private static JsonNode json(Cli cli) throws Exception {
        return new ObjectMapper().readTree(cli.ok("tenant", "list", "--json"));
    }

    @Test
    void errors() {
        Cli cli = new Cli(dir);
        assertEquals(
                ExitCodes.NOT_FOUND, cli.run("tenant", "quota", "nobody", "1M").code());
        assertEquals(
                ExitCodes.USAGE, cli.run("tenant", "quota", "default", "lots").code());
        assertEquals(ExitCodes.USAGE, cli.run("tenant", "quota", "default").code());
    }
}
