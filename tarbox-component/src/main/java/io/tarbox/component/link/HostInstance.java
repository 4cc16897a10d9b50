package io.tarbox.component.link;

import io.tarbox.component.types.FuncType;
import io.tarbox.component.types.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One interface the host implements, such as {@code wasi:io/streams}: its functions by their
 * component-model names ({@code [method]output-stream.write}, {@code get-stdout}) and the resource
 * types it names (including those it shares with other interfaces).
 */
public final class HostInstance {
    /**
     * A host function with the number of parameters it takes and, when the host declares it, its
     * full type (null: only the parameter count is checked against the import's type).
     */
    public record Function(int params, HostFunc body, FuncType type) {}

    private final String name;
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, ResourceType> resources = new LinkedHashMap<>();

    /** @param name the interface without version, e.g. {@code wasi:io/streams} */
    public HostInstance(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public HostInstance func(String funcName, int params, HostFunc body) {
        functions.put(funcName, new Function(params, body, null));
        return this;
    }

    /** A host function of the declared {@code type}, which the linker compares with the import's. */
    public HostInstance func(String funcName, FuncType type, HostFunc body) {
        functions.put(funcName, new Function(type.params.size(), body, type));
        return this;
    }

    /** Declares the full type of the already added function {@code funcName}. */
    public HostInstance declare(String funcName, FuncType type) {
        Function f = functions.get(funcName);
        if (f == null || f.params() != type.params.size()) {
            throw new IllegalArgumentException(name + "#" + funcName + ": cannot declare type " + type
                    + (f == null
                            ? " of a function the host lacks"
                            : " for a function of " + f.params() + " parameter(s)"));
        }
        functions.put(funcName, new Function(f.params(), f.body(), type));
        return this;
    }

    public HostInstance resource(String resourceName, ResourceType type) {
        resources.put(resourceName, type);
        return this;
    }

    public Function function(String funcName) {
        return functions.get(funcName);
    }

    public ResourceType resource(String resourceName) {
        return resources.get(resourceName);
    }

    public Map<String, Function> functions() {
        return functions;
    }

    public Map<String, ResourceType> resources() {
        return resources;
    }
}
