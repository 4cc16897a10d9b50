package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tarbox.wasi.host.Errno;
import io.tarbox.wasi.module.ModuleCache;
import io.tarbox.wasi.module.ModuleInspector;
import io.tarbox.wasi.module.WasmModuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner API the CLI calls: outcomes, load errors, --invoke, the compiled-module cache. */
class RunnerTest {
    @TempDir
    Path dir;

    private static GuestRun run(String module, Engine engine) throws ModuleLoadException {
        return GuestRun.run(module, List.of(), engine, "");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void procExitCodeIsTheOutcome(Engine engine) throws Exception {
        assertEquals(new RunOutcome.Exited(7), run("wat/exit7.wasm", engine).outcome);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unreachableIsATrapAndEarlierOutputIsKept(Engine engine) throws Exception {
        GuestRun run = run("wat/trap.wasm", engine);
        assertInstanceOf(RunOutcome.Trapped.class, run.outcome);
        assertEquals("before\n", run.stdout);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void outOfBoundsGuestPointerTraps(Engine engine) throws Exception {
        RunOutcome outcome = run("wat/oob.wasm", engine).outcome;
        assertInstanceOf(RunOutcome.Trapped.class, outcome);
        assertTrue(((RunOutcome.Trapped) outcome).message().contains("out of bounds"), outcome.toString());
    }

    @Test
    void procRaiseIsNotSupported() throws Exception {
        assertEquals(new RunOutcome.Exited(Errno.NOTSUP), run("wat/raise.wasm", Engine.COMPILER).outcome);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void invokeCallsAnExportWithNumericArguments(Engine engine) throws Exception {
        byte[] module = GuestRun.resource("wat/add.wasm");
        assertEquals(
                new RunOutcome.Returned(List.of("5")),
                WasiRun.run(RunOptions.builder(module)
                        .engine(engine)
                        .stdio(Stdio.none())
                        .invoke("add", List.of("2", "3"))
                        .build()));
        assertEquals(
                new RunOutcome.Returned(List.of("4.0")),
                WasiRun.run(RunOptions.builder(module)
                        .engine(engine)
                        .stdio(Stdio.none())
                        .invoke("fadd", List.of("1.5", "2.5"))
                        .build()));
        assertEquals(
                new RunOutcome.Returned(List.of("9000000000")),
                WasiRun.run(RunOptions.builder(module)
                        .engine(engine)
                        .stdio(Stdio.none())
                        .invoke("wide", List.of("3000000000"))
                        .build()));
    }

    @Test
    void invokingAReactorRunsItsInitializeFirst() throws Exception {
        assertEquals(
                new RunOutcome.Returned(List.of("42")),
                WasiRun.run(RunOptions.builder(GuestRun.resource("wat/reactor.wasm"))
                        .stdio(Stdio.none())
                        .invoke("answer", List.of())
                        .build()));
    }

    @Test
    void invokeArgumentsMustFitTheSignature() {
        byte[] module = GuestRun.resource("wat/add.wasm");
        IllegalArgumentException count = assertThrows(
                IllegalArgumentException.class,
                () -> WasiRun.run(RunOptions.builder(module)
                        .stdio(Stdio.none())
                        .invoke("add", List.of("1"))
                        .build()));
        assertTrue(count.getMessage().contains("takes 2 argument(s) (i32, i32) -> (i32), got 1"), count.getMessage());
        IllegalArgumentException number = assertThrows(
                IllegalArgumentException.class,
                () -> WasiRun.run(RunOptions.builder(module)
                        .stdio(Stdio.none())
                        .invoke("add", List.of("1", "x"))
                        .build()));
        assertTrue(number.getMessage().contains("'x' is not a valid i32"), number.getMessage());
    }

    @Test
    void moduleWithoutStartNeedsInvoke() {
        ModuleLoadException e = assertThrows(
                ModuleLoadException.class,
                () -> WasiRun.run(RunOptions.builder(GuestRun.resource("wat/add.wasm"))
                        .stdio(Stdio.none())
                        .build()));
        assertEquals(ModuleLoadException.Reason.NO_ENTRY_POINT, e.reason());
        ModuleLoadException named = assertThrows(
                ModuleLoadException.class,
                () -> WasiRun.run(RunOptions.builder(GuestRun.resource("wat/add.wasm"))
                        .stdio(Stdio.none())
                        .invoke("sub", List.of())
                        .build()));
        assertEquals("module exports no function named 'sub'", named.getMessage());
    }

    @Test
    void everyUnsatisfiedImportIsListedAtOnce() {
        ModuleLoadException e = assertThrows(
                ModuleLoadException.class,
                () -> WasiRun.run(RunOptions.builder(GuestRun.resource("wat/imports.wasm"))
                        .stdio(Stdio.none())
                        .build()));
        assertEquals(ModuleLoadException.Reason.UNSATISFIED_IMPORTS, e.reason());
        assertEquals(
                "unsatisfied imports: env.helper (unknown function), "
                        + "wasi_snapshot_preview1.no_such_call (unknown function), "
                        + "wasi_snapshot_preview1.fd_close (expected type (i32) -> (i32), module wants (i64) -> (i32)), "
                        + "env.memory (memory imports are not provided)",
                e.getMessage());
    }

    @Test
    void loaderSaysWhichCheckFailed() {
        byte[] hello = GuestRun.resource("bench/hello.wasm");
        assertEquals(ModuleLoadException.Reason.NOT_WASM, reason("#!/bin/sh\necho hi\n".getBytes()));
        assertEquals(ModuleLoadException.Reason.NOT_WASM, reason(new byte[0]));
        assertEquals(ModuleLoadException.Reason.TRUNCATED, reason(Arrays.copyOf(hello, 6)));
        assertEquals(ModuleLoadException.Reason.TRUNCATED, reason(Arrays.copyOf(hello, hello.length / 2)));
        assertEquals(
                ModuleLoadException.Reason.UNSUPPORTED_VERSION, reason(new byte[] {0, 'a', 's', 'm', 0x0d, 0, 1, 0}));
        byte[] badSection = Arrays.copyOf(hello, 12);
        badSection[8] = 0x7f; // no such section id
        badSection[9] = 1;
        assertEquals(ModuleLoadException.Reason.MALFORMED, reason(badSection));
        // A function whose body returns nothing but declares an i32 result fails validation.
        byte[] invalid = {
            0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, // type section: () -> i32
            3, 2, 1, 0, // function section: one function of type 0
            10, 4, 1, 2, 0, 0x0b
        }; // code section: empty body
        assertEquals(ModuleLoadException.Reason.INVALID, reason(invalid));
    }

    private static ModuleLoadException.Reason reason(byte[] bytes) {
        return assertThrows(ModuleLoadException.class, () -> WasmModuleLoader.parse(bytes))
                .reason();
    }

    @Test
    void compiledModulesAreCachedByDigestAndChicoryVersion() throws Exception {
        RunOptions options = RunOptions.builder(GuestRun.resource("wat/exit7.wasm"))
                .stdio(Stdio.none())
                .cacheDirectory(dir)
                .build();
        assertEquals(new RunOutcome.Exited(7), WasiRun.run(options));
        Path versionDir = new ModuleCache(dir).directory();
        assertEquals(
                "chicory-" + com.dylibso.chicory.wasm.Version.version(),
                versionDir.getFileName().toString());
        List<Path> entries;
        try (var list = Files.list(versionDir)) {
            entries = list.toList();
        }
        assertEquals(1, entries.size());
        String sha = java.util.HexFormat.of()
                .formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(GuestRun.resource("wat/exit7.wasm")));
        assertEquals("sha-256-" + sha + ".jar", entries.get(0).getFileName().toString());
        long modified = Files.getLastModifiedTime(entries.get(0)).toMillis();
        assertEquals(new RunOutcome.Exited(7), WasiRun.run(options), "a second run loads the cached classes");
        assertEquals(modified, Files.getLastModifiedTime(entries.get(0)).toMillis());
    }

    @Test
    void withTheCacheOnAnInvalidModuleIsStillValidatedAndNotCached() throws Exception {
        // Exports _start: () -> i32 whose empty body returns nothing: it parses, but fails validation.
        byte[] invalid = {
            0, 'a', 's', 'm', 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7f, // type section: () -> i32
            3, 2, 1, 0, // function section: one function of type 0
            7, 10, 1, 6, '_', 's', 't', 'a', 'r', 't', 0, 0, // export section: _start = function 0
            10, 4, 1, 2, 0, 0x0b
        }; // code section: empty body
        RunOptions options = RunOptions.builder(invalid)
                .stdio(Stdio.none())
                .cacheDirectory(dir)
                .build();
        ModuleLoadException e = assertThrows(ModuleLoadException.class, () -> WasiRun.run(options));
        assertEquals(ModuleLoadException.Reason.INVALID, e.reason());
        assertFalse(Files.exists(new ModuleCache(dir).directory()), "nothing was compiled or cached");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void interruptingTheThreadStopsTheGuest(Engine engine) throws Exception {
        AtomicReference<Object> result = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                result.set(WasiRun.run(RunOptions.builder(GuestRun.resource("wat/spin.wasm"))
                        .engine(engine)
                        .stdio(Stdio.none())
                        .build()));
            } catch (Exception e) {
                result.set(e);
            }
        });
        runner.start();
        Thread.sleep(300);
        runner.interrupt();
        runner.join(10_000);
        assertFalse(runner.isAlive(), "the guest kept running");
        assertEquals(new RunOutcome.Interrupted(), result.get());
    }

    @Test
    void inspectorDescribesImportsExportsAndMemories() throws Exception {
        ModuleInspector.ModuleInfo hello = ModuleInspector.inspect(GuestRun.resource("bench/hello.wasm"));
        assertTrue(hello.wasiCommand());
        assertTrue(
                hello.imports()
                        .contains(new ModuleInspector.ImportInfo(
                                "wasi_snapshot_preview1", "fd_write", "function", "(i32, i32, i32, i32) -> (i32)")),
                hello.imports().toString());
        assertTrue(hello.exports().contains(new ModuleInspector.ExportInfo("_start", "function", "() -> ()")));
        assertEquals(1, hello.memories().size());
        ModuleInspector.ModuleInfo add = ModuleInspector.inspect(GuestRun.resource("wat/add.wasm"));
        assertFalse(add.wasiCommand());
        assertEquals(List.of(new ModuleInspector.MemoryInfo(1, null, false, false)), add.memories());
        ModuleInspector.ModuleInfo imports = ModuleInspector.inspect(GuestRun.resource("wat/imports.wasm"));
        assertEquals(
                new ModuleInspector.MemoryInfo(1, null, true, false),
                imports.memories().get(0));
    }
}
