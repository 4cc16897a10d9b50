package io.tarbox.component.link;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.tarbox.component.ComponentException;
import java.io.ByteArrayInputStream;

/**
 * The plainest {@link CoreRuntime}: validated modules on Chicory's interpreter, with Chicory's
 * default memories and no limits. Embedders with a compiler, a cache or limits bring their own.
 */
public final class InterpreterCoreRuntime implements CoreRuntime {
    @Override
    public WasmModule parse(byte[] bytes, int index) throws ComponentException {
        try {
            return Parser.builder().withValidation(true).build().parse(() -> new ByteArrayInputStream(bytes));
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new ComponentException(
                    ComponentException.Kind.INVALID,
                    "core module " + index + " of the component is not valid: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Instance instantiate(WasmModule module, ImportValues imports) {
        return Instance.builder(module)
                .withImportValues(imports)
                .withStart(false)
                .build();
    }
}
