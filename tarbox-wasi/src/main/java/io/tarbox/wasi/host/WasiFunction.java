package io.tarbox.wasi.host;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.tarbox.core.fs.FsException;
import java.util.ArrayList;
import java.util.List;

/**
 * Declares one wasi_snapshot_preview1 import. The body returns an errno; a contract
 * {@link FsException} escaping it becomes {@link Errno#of} its error, here and nowhere else. Traps
 * (out-of-bounds guest pointers) and proc_exit pass through to the engine.
 */
final class WasiFunction {
    static final String MODULE = "wasi_snapshot_preview1";

    /** An implementation: guest memory and the raw arguments in, errno out. */
    @FunctionalInterface
    interface Body {
        int call(Memory memory, long[] args);
    }

    private WasiFunction() {}

    /**
     * A function returning an errno; {@code signature} spells the parameters, 'i' for i32 and 'I'
     * for i64 (e.g. "iIi").
     */
    static HostFunction of(String name, String signature, Body body) {
        return new HostFunction(MODULE, name, FunctionType.of(params(signature), List.of(ValType.I32)),
                (instance, args) -> new long[] {invoke(body, instance.memory(), args)});
    }

    /** A function without a result (proc_exit). */
    static HostFunction noResult(String name, String signature, Body body) {
        return new HostFunction(MODULE, name, FunctionType.of(params(signature), List.of()),
                (instance, args) -> {
                    invoke(body, instance.memory(), args);
                    return null;
                });
    }

    private static int invoke(Body body, Memory memory, long[] args) {
        try {
            return body.call(memory, args);
        } catch (FsException e) {
            return Errno.of(e.error());
        }
    }

    private static List<ValType> params(String signature) {
        List<ValType> types = new ArrayList<>(signature.length());
        for (char c : signature.toCharArray()) {
            types.add(c == 'I' ? ValType.I64 : ValType.I32);
        }
        return types;
    }
}
