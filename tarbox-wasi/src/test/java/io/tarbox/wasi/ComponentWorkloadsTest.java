package io.tarbox.wasi;

/**
 * The benchmark workloads as WASI 0.2 components (made with the preview 1 adapter, see
 * build-components.sh) print what the same programs print as modules, on a host directory and on
 * SQLite.
 */
class ComponentWorkloadsTest extends BenchWorkloadsTest {
    @Override
    String program(String name) {
        return "components/" + name + ".component.wasm";
    }
}
