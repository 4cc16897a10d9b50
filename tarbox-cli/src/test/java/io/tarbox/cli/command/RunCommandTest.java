package io.tarbox.cli.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.cli.Main;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tarbox run} and {@code tarbox inspect} with host directories (no database needed). */
class RunCommandTest {
    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private Path modules;

    @BeforeEach
    void copyModules() throws IOException {
        modules = Files.createDirectory(home.resolve("modules"));
        for (String name : new String[] {"exit7", "trap", "add", "imports", "hello"}) {
            try (InputStream in = getClass().getResourceAsStream("/wasm/" + name + ".wasm")) {
                Files.write(modules.resolve(name + ".wasm"), in.readAllBytes());
            }
        }
    }

    private int tarbox(String... args) {
        Main main = new Main(
                Map.of("HOME", home.toString(), "GREETING", "hi"),
                new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                db -> {
                    throw new AssertionError("host directories need no database");
                },
                false);
        return main.execute(args);
    }

    private String module(String name) {
        return modules.resolve(name + ".wasm").toString();
    }

    @Test
    void runsACommandWithAHostDirectory() throws IOException {
        Path data = Files.createDirectory(home.resolve("data"));
        int code = tarbox("run", "--host-dir", data + "::/data", module("hello"), "--", "/data/out.txt");
        assertEquals(0, code, err.toString());
        assertEquals("hello from wasi, argc=2\nentry .\nentry ..\nentry out.txt\n", out.toString());
        assertEquals("some content\n", Files.readString(data.resolve("out.txt")));
        assertTrue(Files.isDirectory(home.resolve(".cache/tarbox/modules")), "compiled module cached");
    }

    @Test
    void exitCodeIsTheProgramsAndTrapsExit134() {
        assertEquals(7, tarbox("run", module("exit7")));
        assertEquals(134, tarbox("run", "--interpreter", module("trap")));
        assertEquals("before\n", out.toString());
        assertTrue(err.toString().startsWith("wasm trap: "), err.toString());
    }

    @Test
    void invokePrintsResults() {
        assertEquals(0, tarbox("run", "--invoke", "add", module("add"), "40", "2"));
        assertEquals("42\n", out.toString());
    }

    @Test
    void badModulesExit6AndMissingFilesExit3() throws IOException {
        assertEquals(6, tarbox("run", module("imports")));
        assertTrue(err.toString().contains("unsatisfied imports: env.helper"), err.toString());
        assertEquals(6, tarbox("run", module("add")));
        Path text = Files.writeString(home.resolve("x.wasm"), "not wasm");
        assertEquals(6, tarbox("run", text.toString()));
        assertEquals(3, tarbox("run", home.resolve("missing.wasm").toString()));
        assertEquals(3, tarbox("run", "--host-dir", home.resolve("nope") + "::/data", module("exit7")));
        assertEquals(2, tarbox("run", "--invoke", "add", module("add"), "1"));
    }

    @Test
    void inspectListsImportsAndExports() {
        assertEquals(0, tarbox("inspect", module("hello")));
        String text = out.toString();
        assertTrue(text.contains("WASI command: yes"), text);
        assertTrue(text.contains("wasi_snapshot_preview1.fd_write function (i32, i32, i32, i32) -> (i32)"), text);
        out.reset();
        assertEquals(0, tarbox("inspect", "--json", module("add")));
        assertTrue(out.toString().contains("\"wasiCommand\":false"), out.toString());
    }
}
