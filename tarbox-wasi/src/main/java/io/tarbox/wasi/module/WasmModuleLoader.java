package io.tarbox.wasi.module;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import io.tarbox.wasi.Engine;
import io.tarbox.wasi.ModuleLoadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Parses and validates module bytes, saying which check failed, and checks a module's imports
 * against a host, listing every unsatisfied import at once.
 */
public final class WasmModuleLoader {
    private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};
    private static final byte[] VERSION_1 = {0x01, 0x00, 0x00, 0x00};

    private WasmModuleLoader() {}

    /** Decodes and validates a module. */
    public static WasmModule parse(byte[] bytes) throws ModuleLoadException {
        return parse(bytes, true);
    }

    /**
     * Decodes a module for {@code engine}. When the compiler will load its classes from
     * {@code cache} (null: none; hand the same instance to {@link Engines}), it is not validated (only
     * modules validated before they were compiled are stored there, by the SHA-256 of their bytes)
     * and its function bodies are decoded only where the compiled code interprets them
     * ({@link CompiledModuleDecoder}); otherwise it is decoded whole and validated.
     */
    public static WasmModule parse(byte[] bytes, Engine engine, ModuleCache cache) throws ModuleLoadException {
        if (engine != Engine.COMPILER || cache == null) {
            return parse(bytes);
        }
        String key = ModuleCache.key(bytes);
        Optional<ModuleCache.Entry> cached;
        try {
            cached = cache.find(key);
        } catch (IOException e) {
            cached = Optional.empty(); // compiled again, and stored if the cache can be written
        }
        if (cached.isEmpty()) {
            return parse(bytes);
        }
        Optional<Set<Integer>> interpreted = cached.get().interpretedFunctions();
        if (interpreted.isPresent()) {
            WasmModule module = decode(bytes, () -> CompiledModuleDecoder.decode(bytes, key, interpreted.get()));
            if (module != null) {
                return module;
            }
        }
        return parse(bytes, false);
    }

    /**
     * Decodes a module, validating its function bodies, globals, elements, data and tables only
     * when {@code validate}. Skip validation only for bytes already known to be valid (a module
     * whose compiled form is in the {@link ModuleCache} was validated before it was compiled).
     */
    static WasmModule parse(byte[] bytes, boolean validate) throws ModuleLoadException {
        return decode(
                bytes,
                () -> Parser.builder().withValidation(validate).build().parse(() -> new ByteArrayInputStream(bytes)));
    }

    /** Checks the header, then runs {@code decoder}, saying what is wrong with the bytes if it fails. */
    private static WasmModule decode(byte[] bytes, Supplier<WasmModule> decoder) throws ModuleLoadException {
        if (bytes.length < 4 || !startsWith(bytes, MAGIC, 0)) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.NOT_WASM, "not a WebAssembly module (no \\0asm magic number)");
        }
        if (bytes.length < 8) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.TRUNCATED, "truncated WebAssembly module: " + bytes.length + " bytes");
        }
        int layer = (bytes[6] & 0xFF) | (bytes[7] & 0xFF) << 8;
        if (layer > 1) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.UNSUPPORTED_VERSION,
                    "unsupported WebAssembly binary layer " + layer + " (0 is a core module, 1 a component)");
        }
        if (!startsWith(bytes, VERSION_1, 4)) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.UNSUPPORTED_VERSION,
                    "unsupported WebAssembly binary version " + (bytes[4] & 0xFF)
                            + " (expected a core module, version 1, or a component, layer 1)");
        }
        try {
            return decoder.get();
        } catch (InvalidException e) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.INVALID, "invalid WebAssembly module: " + e.getMessage(), e);
        } catch (MalformedException | BufferUnderflowException | IndexOutOfBoundsException e) {
            Throwable root = rootCause(e);
            String detail = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            if (isTruncation(root)) {
                throw new ModuleLoadException(
                        ModuleLoadException.Reason.TRUNCATED, "truncated WebAssembly module: " + detail, e);
            }
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.MALFORMED, "malformed WebAssembly module: " + detail, e);
        } catch (RuntimeException e) {
            throw new ModuleLoadException(
                    ModuleLoadException.Reason.MALFORMED,
                    "malformed WebAssembly module: " + rootCause(e).getMessage(),
                    e);
        }
    }

    /**
     * The imports of {@code module} that {@code host} does not satisfy, each as
     * "module.name (why)"; empty when it can be instantiated.
     */
    public static List<String> unsatisfiedImports(WasmModule module, List<HostFunction> host) {
        List<String> missing = new ArrayList<>();
        int count = module.importSection().importCount();
        for (int i = 0; i < count; i++) {
            Import imp = module.importSection().getImport(i);
            String name = imp.module() + "." + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                missing.add(name + " (" + imp.importType().name().toLowerCase() + " imports are not provided)");
                continue;
            }
            FunctionType wanted = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            HostFunction found = null;
            for (HostFunction f : host) {
                if (f.module().equals(imp.module()) && f.name().equals(imp.name())) {
                    found = f;
                    break;
                }
            }
            if (found == null) {
                missing.add(name + " (unknown function)");
            } else if (!found.functionType().equals(wanted)) {
                missing.add(name + " (expected type " + ModuleInspector.signature(found.functionType())
                        + ", module wants " + ModuleInspector.signature(wanted) + ")");
            }
        }
        return missing;
    }

    /** Chicory wraps every decoding error in a generic "section size mismatch" one; the cause says more. */
    private static Throwable rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static boolean isTruncation(Throwable root) {
        return root instanceof BufferUnderflowException
                || root instanceof IndexOutOfBoundsException
                || String.valueOf(root.getMessage()).contains("length out of bounds");
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
