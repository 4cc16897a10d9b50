package io.tarbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.OpCode;
import io.tarbox.wasi.module.Engines;
import io.tarbox.wasi.module.ModuleCache;
import io.tarbox.wasi.module.WasmModuleLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose compiled module comes from the cache decodes only the function bodies that the
 * compiled code interprets (WasmModuleLoader, CompiledModuleDecoder): it must behave exactly as the
 * first run and as the interpreter.
 */
class CachedModuleTest {
    @TempDir
    Path dir;

    private GuestRun cached(String module, String... args) throws ModuleLoadException {
        return GuestRun.run(
                RunOptions.builder(GuestRun.resource(module))
                        .engine(Engine.COMPILER)
                        .cacheDirectory(dir),
                module,
                List.of(),
                "",
                args);
    }

    @Test
    void theFunctionTooLargeToCompileIsInterpretedFromItsBodyOnACachedRun() throws Exception {
        String interpreted = GuestRun.run("cache/bigfunc.wasm", List.of(), Engine.INTERPRETER, "", "12345").stdout;
        assertTrue(interpreted.startsWith("checksum "), interpreted);
        assertEquals(interpreted, cached("cache/bigfunc.wasm", "12345").stdout, "first run: compiled and stored");
        assertEquals(interpreted, cached("cache/bigfunc.wasm", "12345").stdout, "second run: from the cache");

        byte[] bytes = GuestRun.resource("cache/bigfunc.wasm");
        Set<Integer> leftToInterpreter = new ModuleCache(dir)
                .find(ModuleCache.key(bytes))
                .orElseThrow()
                .interpretedFunctions()
                .orElseThrow();
        assertEquals(1, leftToInterpreter.size(), "mix() is too large for a JVM method");
        WasmModule module = WasmModuleLoader.parse(bytes, Engine.COMPILER, new ModuleCache(dir));
        int imported = module.importSection().count(ExternalType.FUNCTION);
        FunctionBody[] bodies = module.codeSection().functionBodies();
        assertEquals(module.functionSection().functionCount(), bodies.length);
        for (int i = 0; i < bodies.length; i++) {
            List<OpCode> code = bodies[i].instructions().stream()
                    .map(instruction -> instruction.opcode())
                    .toList();
            if (leftToInterpreter.contains(i + imported)) {
                assertTrue(code.size() > 1000, "the interpreted body is decoded: " + code.size());
            } else {
                assertEquals(List.of(OpCode.UNREACHABLE, OpCode.END), code, "compiled function " + i);
            }
        }
    }

    @Test
    void aModuleWhoseInterpretedFunctionTailCallsIsDecodedWholeOnACachedRun() throws Exception {
        // big() is left to the interpreter and ends in return_call / return_call_indirect, whose
        // targets the interpreter runs from their bodies: trapping bodies would stop the program.
        assertEquals(
                133,
                GuestRun.run("cache/tailcall.wasm", List.of(), Engine.INTERPRETER, "")
                        .exitCode());
        assertEquals(133, cached("cache/tailcall.wasm").exitCode(), "first run: compiled and stored");
        byte[] bytes = GuestRun.resource("cache/tailcall.wasm");
        assertEquals(
                1,
                new ModuleCache(dir)
                        .find(ModuleCache.key(bytes))
                        .orElseThrow()
                        .interpretedFunctions()
                        .orElseThrow()
                        .size(),
                "big() is too large for a JVM method");
        GuestRun again = cached("cache/tailcall.wasm");
        assertEquals(133, again.exitCode(), "second run: from the cache; " + again.outcome);
        WasmModule module = WasmModuleLoader.parse(bytes, Engine.COMPILER, new ModuleCache(dir));
        for (FunctionBody body : module.codeSection().functionBodies()) {
            assertFalse(body.instructions().get(0).opcode() == OpCode.UNREACHABLE, "every body decoded, none trapping");
        }
    }

    @Test
    void aModuleDecodedForItsCachedClassesIsNeverCompiledFromThatDecoding() throws Exception {
        assertEquals(7, cached("wat/exit7.wasm").exitCode());
        ModuleCache cache = new ModuleCache(dir);
        WasmModule module = WasmModuleLoader.parse(GuestRun.resource("wat/exit7.wasm"), Engine.COMPILER, cache);
        Path entry;
        try (var list = Files.list(cache.directory())) {
            entry = list.findFirst().orElseThrow();
        }
        Files.delete(entry); // say, the user clears the cache while a run starts
        Engines.machineFactory(module, Engine.COMPILER, cache);
        assertFalse(Files.exists(entry), "the classes came from what the decoding found, nothing was compiled");
    }

    @Test
    void aCachedRunStillTraps() throws Exception {
        for (int run = 0; run < 2; run++) {
            GuestRun trapped = cached("wat/trap.wasm");
            assertInstanceOf(RunOutcome.Trapped.class, trapped.outcome, "run " + run);
            assertEquals("before\n", trapped.stdout);
        }
    }

    @Test
    void aCorruptedEntryIsCompiledAgain() throws Exception {
        assertEquals(7, cached("wat/exit7.wasm").exitCode());
        Path entry;
        try (var list = Files.list(new ModuleCache(dir).directory())) {
            entry = list.findFirst().orElseThrow();
        }
        Files.writeString(entry, "not a jar");
        assertEquals(7, cached("wat/exit7.wasm").exitCode());
        assertFalse(Files.readString(entry, java.nio.charset.StandardCharsets.ISO_8859_1)
                .equals("not a jar"));
        assertTrue(new ModuleCache(dir)
                .find(ModuleCache.key(GuestRun.resource("wat/exit7.wasm")))
                .orElseThrow()
                .interpretedFunctions()
                .orElseThrow()
                .isEmpty());
    }
}
