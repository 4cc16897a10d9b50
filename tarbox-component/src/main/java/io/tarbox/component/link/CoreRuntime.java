package io.tarbox.component.link;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import io.tarbox.component.ComponentException;

/**
 * How the core modules inside a component are parsed and instantiated: the embedder decides
 * (compiler or interpreter, a compiled-module cache, memory limits, fuel), so that each core module
 * of a component runs exactly as a core module on its own would.
 */
public interface CoreRuntime {
    /**
     * Parses and validates core module {@code index} (in binary order across the whole component).
     *
     * @throws ComponentException INVALID or MALFORMED, naming the module
     */
    WasmModule parse(byte[] bytes, int index) throws ComponentException;

    /** Instantiates a parsed module with these imports; its start function (if any) runs. */
    Instance instantiate(WasmModule module, ImportValues imports);
}
