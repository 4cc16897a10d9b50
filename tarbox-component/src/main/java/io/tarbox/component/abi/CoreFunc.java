package io.tarbox.component.abi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;

/**
 * A core function value of a component: an export of a core instance, or one the canonical ABI
 * made (canon lower, the resource built-ins).
 *
 * @param source the core instance exporting it, or null
 */
public record CoreFunc(FunctionType type, WasmFunctionHandle handle, Instance source) {
    public long[] call(long... args) {
        return handle.apply(source, args);
    }
}
