package io.tarbox.component.link;

import io.tarbox.component.types.ResourceType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One interface the host implements, such as {@code wasi:io/streams}: its functions by their
 * component-model names ({@code [method]output-stream.write}, {@code get-stdout}) and the resource
 * types it names (including those it shares with other interfaces).
 */
public final class HostInstance {
    /** A host function with the number of parameters it takes (checked against the import's type). */
    public record Function(int params, HostFunc body) {}

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
        functions.put(funcName, new Function(params, body));
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
