package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tarbox.core.fs.FilesystemInterface;
import io.tarbox.core.model.Tenant;
import io.tarbox.storage.sql.SqlStore;
import io.tarbox.storage.testing.PostgresTestDatabase;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --trace}: a real C program (src/test/c/trace/trace.c) traced, each host call one line
 * with its arguments decoded by name (the path as a string, flags by name), its errno by name, its
 * results and duration; JSON lines; the filter; on SQLite and PostgreSQL.
 */
class TraceTest {
    @TempDir
    Path dir;

    private List<String> trace(FilesystemInterface fs, RunTrace.Format format, String filter) throws Exception {
        StringWriter lines = new StringWriter();
        RunTrace trace = new RunTrace(lines, format, filter, false);
        GuestRun run = GuestRun.run(
                RunOptions.builder(GuestRun.resource("trace/trace.wasm")).trace(trace),
                "trace.wasm",
                List.of(Preopen.of(fs, "/data")),
                "");
        assertEquals(0, run.exitCode(), run.stderr);
        assertEquals("done\n", run.stdout);
        return new ArrayList<>(lines.toString().lines().toList());
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in\n" + String.join("\n", lines)));
    }

    private void textLines(FilesystemInterface fs) throws Exception {
        List<String> lines = trace(fs, RunTrace.Format.TEXT, null);
        String create = line(lines, "path_open(fd=3, dirflags=SYMLINK_FOLLOW, path=\"out.txt\", oflags=CREAT|TRUNC, ");
        assertTrue(create.matches(".*\\) = SUCCESS opened_fd=4 <\\d+\\.\\dus>"), create);
        assertTrue(line(lines, "fd_write(fd=4, iovs=").contains(" = SUCCESS nwritten=6 "), lines.toString());
        String missing = line(lines, "path_open(fd=3, dirflags=SYMLINK_FOLLOW, path=\"missing.txt\", oflags=0,");
        assertTrue(missing.contains(") = ENOENT <"), missing);
        assertTrue(lines.contains(lines.stream()
                .filter(l -> l.startsWith(
                        "path_rename(fd=3, old_path=\"out.txt\", new_fd=3, new_path=\"renamed.txt\") = SUCCESS <"))
                .findFirst()
                .orElseThrow()));
        assertTrue(line(lines, "fd_close(fd=4) = SUCCESS").length() > 0);
        assertTrue(
                lines.get(lines.size() - 1)
                        .startsWith("fd_write(fd=1, iovs=[2 iovecs, 5 bytes]) = SUCCESS nwritten=5 <"),
                lines.toString());
        assertTrue(line(lines, "fd_prestat_get(fd=3) = SUCCESS prestat={dir, pr_name_len=5}")
                        .length()
                > 0);
    }

    private void jsonLinesAndFilter(FilesystemInterface fs) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = trace(fs, RunTrace.Format.JSON, "path_*,fd_write");
        List<JsonNode> calls = new ArrayList<>();
        for (String l : lines) {
            calls.add(mapper.readTree(l));
        }
        for (JsonNode call : calls) {
            String fn = call.get("fn").asText();
            assertTrue(fn.startsWith("path_") || fn.equals("fd_write"), fn);
            assertTrue(call.get("ns").asLong() > 0, call.toString());
        }
        JsonNode open = calls.stream()
                .filter(c -> c.get("fn").asText().equals("path_open"))
                .findFirst()
                .orElseThrow();
        assertEquals("out.txt", open.get("args").get("path").asText());
        assertEquals(3, open.get("args").get("fd").asInt());
        assertEquals("CREAT|TRUNC", open.get("args").get("oflags").asText());
        assertEquals("SUCCESS", open.get("errno").asText());
        assertEquals(4, open.get("results").get("opened_fd").asInt());
        JsonNode missing = calls.stream()
                .filter(c -> c.get("args").path("path").asText().equals("missing.txt"))
                .findFirst()
                .orElseThrow();
        assertEquals("ENOENT", missing.get("errno").asText());
        assertEquals(0, missing.get("results").size());
        assertEquals(
                2,
                calls.stream()
                        .filter(c -> c.get("fn").asText().equals("fd_write"))
                        .count(),
                lines.toString());
        assertEquals(
                6,
                calls.stream()
                        .filter(c -> c.get("fn").asText().equals("fd_write")
                                && c.get("args").get("fd").asInt() == 4)
                        .findFirst()
                        .orElseThrow()
                        .get("results")
                        .get("nwritten")
                        .asInt());
    }

    /** A WASI 0.2 component: its calls by WIT name, arguments named as its import types name them. */
    private void componentLines(FilesystemInterface fs) throws Exception {
        StringWriter out = new StringWriter();
        RunTrace trace = new RunTrace(out, RunTrace.Format.TEXT, "*open-at,*.write,*stat-at,get-directories", false);
        GuestRun run = GuestRun.run(
                RunOptions.builder(GuestRun.resource("components/hello.component.wasm"))
                        .trace(trace),
                "hello.wasm",
                List.of(Preopen.of(fs, "/data")),
                "",
                "/data/hello.txt");
        assertEquals(0, run.exitCode(), run.stderr);
        List<String> lines = out.toString().lines().toList();
        assertTrue(
                line(lines, "wasi:filesystem/preopens#get-directories() = ok result=[(descriptor</data>, \"/data\")]")
                                .length()
                        > 0);
        String open = line(
                lines,
                "wasi:filesystem/types#[method]descriptor.open-at(self=descriptor</data>, "
                        + "path-flags={symlink-follow}, path=\"hello.txt\", open-flags={create, truncate}, ");
        assertTrue(open.contains(") = ok ok=descriptor</data/hello.txt> <"), open);
        for (String l : lines) {
            assertTrue(
                    l.contains("open-at")
                            || l.contains(".write(")
                            || l.contains("stat-at")
                            || l.contains("get-directories"),
                    l);
        }
    }

    @Test
    void sqliteComponentLines() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(dir.resolve("tarbox.db"))) {
            componentLines(store.openFilesystem(Tenant.DEFAULT));
        }
    }

    @Test
    void sqliteTextLines() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(dir.resolve("tarbox.db"))) {
            textLines(store.openFilesystem(Tenant.DEFAULT));
        }
    }

    @Test
    void sqliteJsonLinesAndFilter() throws Exception {
        try (SqlStore store = SqlStore.openSqlite(dir.resolve("tarbox.db"))) {
            jsonLinesAndFilter(store.openFilesystem(Tenant.DEFAULT));
        }
    }

    @Test
    void postgresTextAndJsonLines() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create();
                SqlStore store = SqlStore.openPostgres(database.jdbcUrl(), database.url())) {
            textLines(store.openFilesystem(Tenant.DEFAULT));
            jsonLinesAndFilter(store.openFilesystem(Tenant.DEFAULT));
            componentLines(store.openFilesystem(Tenant.DEFAULT));
        }
    }
}
