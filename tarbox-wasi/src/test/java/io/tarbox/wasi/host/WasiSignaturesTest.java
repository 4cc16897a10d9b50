package io.tarbox.wasi.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.tarbox.wasi.RunLimits;
import io.tarbox.wasi.Stdio;
import io.tarbox.wasi.host.WasiType.Param;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Holds every preview 1 declaration to the specification: the same functions as Chicory's own
 * {@link WasiPreview1} (generated from the witx by Chicory's annotation processor), each with the
 * same core signature; and parameter names as the witx spells them.
 */
class WasiSignaturesTest {
    private static final Pattern WITX_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private static List<WasiFunction> ours() {
        return WasiHost.declarations(
                new WasiContext(List.of("x"), List.of(), List.of(), Stdio.none(), null, RunLimits.NONE));
    }

    private static Map<String, FunctionType> reference() {
        Map<String, FunctionType> out = new TreeMap<>();
        try (WasiPreview1 chicory = WasiPreview1.builder().build()) {
            for (HostFunction f : chicory.toHostFunctions()) {
                if (!f.name().startsWith("adapter_")) { // the component adapter's, not in the witx
                    assertEquals("wasi_snapshot_preview1", f.module());
                    out.put(f.name(), f.functionType());
                }
            }
        }
        return out;
    }

    @Test
    void everyImportHasTheSpecificationsSignature() {
        Map<String, FunctionType> reference = reference();
        Map<String, FunctionType> declared = new TreeMap<>();
        for (WasiFunction f : ours()) {
            declared.put(f.name(), f.type());
            assertEquals(f.type(), f.hostFunction().functionType(), f.name());
        }
        assertEquals(reference.keySet(), declared.keySet(), "the functions of wasi_snapshot_preview1");
        assertEquals(46, declared.size());
        for (Map.Entry<String, FunctionType> e : reference.entrySet()) {
            FunctionType ref = e.getValue();
            FunctionType ours = declared.get(e.getKey());
            assertEquals(ref.params(), ours.params(), e.getKey() + " parameters");
            assertEquals(ref.returns(), ours.returns(), e.getKey() + " results");
        }
    }

    @Test
    void parametersAreNamedAsInTheWitx() {
        for (WasiFunction f : ours()) {
            Set<String> names = new HashSet<>();
            for (Param p : f.params()) {
                assertTrue(WITX_NAME.matcher(p.name()).matches(), f.name() + ": " + p.name());
                assertTrue(names.add(p.name()), f.name() + " names " + p.name() + " twice");
            }
            for (Param p : f.results()) {
                assertTrue(WITX_NAME.matcher(p.name()).matches(), f.name() + ": " + p.name());
                assertTrue(names.add(p.name()), f.name() + " names " + p.name() + " twice");
            }
        }
        Map<String, WasiFunction> byName = new TreeMap<>();
        ours().forEach(f -> byName.put(f.name(), f));
        // spot checks against the witx text (typenames.witx / wasi_snapshot_preview1.witx)
        assertEquals(
                List.of("fd", "dirflags", "path", "oflags", "fs_rights_base", "fs_rights_inheriting", "fdflags"),
                byName.get("path_open").params().stream().map(Param::name).toList());
        assertEquals(
                List.of(
                        WasiType.FD,
                        WasiType.LOOKUPFLAGS,
                        WasiType.STRING,
                        WasiType.OFLAGS,
                        WasiType.RIGHTS,
                        WasiType.RIGHTS,
                        WasiType.FDFLAGS),
                byName.get("path_open").params().stream().map(Param::type).toList());
        assertEquals(
                List.of("opened_fd"),
                byName.get("path_open").results().stream().map(Param::name).toList());
        assertEquals(
                List.of("old_path", "fd", "new_path"),
                byName.get("path_symlink").params().stream().map(Param::name).toList());
        assertEquals(
                List.of("fd", "iovs"),
                byName.get("fd_write").params().stream().map(Param::name).toList());
    }

    @Test
    void aBodyReadingAParameterAsAnotherTypeIsCaught() {
        WasiFunction f = WasiFunction.declare(
                "fd_tell",
                WasiFunction.params(WasiType.FD.named("fd")),
                WasiFunction.results(WasiType.FILESIZE.named("offset")),
                c -> c.i64(0));
        WasiFunction.Call call = new WasiFunction.Call(f, null, new long[] {3, 16});
        IllegalStateException e =
                org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> call.i64(0));
        assertTrue(e.getMessage().contains("fd_tell"), e.getMessage());
        assertEquals(16, call.out(0));
    }
}
